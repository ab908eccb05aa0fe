/** Starts the real main/index.ts on the fake Electron, with real Chromium windows. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import log from 'electron-log/node';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StatusReport } from '../../main/core/health/report.ts';
import type { AppServices } from '../../main/core/contracts.ts';
import { createApp, type RunningApp } from '../../main/index.ts';
import { redactingLogger, redactionHook, type LogSink } from '../../main/adapters/log/redacting-logger.ts';
import type { Logger } from '../../main/ports/logger.ts';
import { createLoginItem } from '../../main/shell/login-item.ts';
import type { Navigate } from '../../main/ipc/contract.ts';
import { createFakeElectron, type FakeElectron } from '../fakes/fake-electron.ts';
import { createFakeServices, type FakeServices } from '../fakes/fake-services.ts';
import { fixtureReport } from '../fakes/fixture-report.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');

/** Builds dist/ once when a test file runs on its own (npm test builds first). */
export function ensureBuilt(): void {
  if (existsSync(join(DIST, 'preload.cjs')) && existsSync(join(DIST, 'renderer/index.html'))) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Harness<S extends AppServices = FakeServices> {
  readonly app: RunningApp;
  readonly fake: FakeElectron;
  readonly services: S;
  readonly home: string;
  readonly logFile: string;
  /** the app's Logger, and the electron-log instance under it (its redaction hook included) */
  readonly logger: Logger;
  readonly rawLog: LogSink;
  /** shows the window (optionally on a view) and returns its ready page */
  open(nav?: Navigate): Promise<Page>;
  page(): Promise<Page>;
  logText(): string;
  close(): Promise<void>;
}

let logSeq = 0;

/** Starts the app; `browser: null` runs without windows (tray and notifications only). */
export async function startApp<S extends AppServices = FakeServices>(
  browser: Browser | null,
  opts: {
    report?: StatusReport | null;
    now?: () => number;
    platform?: NodeJS.Platform;
    /** real services instead of the in-memory fakes (given the app's logger and logs dir) */
    services?: (ctx: { logger: Logger; logsDir: string }) => Promise<S>;
  } = {},
): Promise<Harness<S>> {
  ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), 'ck-app-'));
  const logFile = join(home, 'logs', 'main.log');
  const fileLog = log.create({ logId: `app-harness-${++logSeq}` });
  fileLog.transports.console.level = false;
  fileLog.transports.file.resolvePathFn = () => logFile;
  fileLog.hooks.push(redactionHook);
  const now = opts.now ?? Date.now;
  const logger = redactingLogger(fileLog);
  const services = (
    opts.services
      ? await opts.services({ logger, logsDir: join(home, 'logs') })
      : createFakeServices({
          report: opts.report === undefined ? fixtureReport(now()) : opts.report,
          logsDir: join(home, 'logs'),
        })
  ) as S;
  const fake = createFakeElectron({ browser, preloadPath: join(DIST, 'preload.cjs'), home });
  const platform = opts.platform ?? 'linux';
  const app = await createApp({
    electron: fake.electron,
    services,
    logger,
    paths: {
      preload: join(DIST, 'preload.cjs'),
      rendererIndex: join(DIST, 'renderer/index.html'),
      assets: join(ROOT, 'assets'),
    },
    platform,
    now,
    loginItem: createLoginItem({
      platform,
      app: fake.app,
      env: { XDG_CONFIG_HOME: join(home, '.config') },
      execPath: '/opt/Clawkeeper/clawkeeper',
    }),
  });
  if (app === null) throw new Error('the app did not start');
  const page = async () => {
    const w = fake.windows.at(-1);
    const p = w === undefined ? null : await w.page;
    if (p === null) throw new Error('no window page');
    await p.waitForSelector('body[data-ready="true"]');
    return p;
  };
  return {
    app,
    fake,
    services,
    home,
    logFile,
    logger,
    rawLog: fileLog,
    page,
    async open(nav) {
      await app.window.show(nav);
      return page();
    },
    logText: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async close() {
      await app.quit();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

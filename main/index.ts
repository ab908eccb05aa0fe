/**
 * Composition root of the tray app. `createApp()` takes the electron module and the services
 * by injection, so tests run this very file on a fake Electron; `runElectronApp()` is the real
 * entry and is only called when Electron itself loads dist/main.cjs.
 */
import { toAppError } from './core/kernel/errors.ts';
import { join } from 'node:path';
import type { AppServices } from './core/contracts.ts';
import { createUpdater, type Updater } from './core/updates/update-policy.ts';
import type { UpdateFeed } from './ports/update-feed.ts';
import type { Clock } from './ports/clock.ts';
import { SystemClock } from './adapters/node/system-clock.ts';
import { NodeProcessRunner } from './adapters/node/node-process-runner.ts';
import { guiPath } from './adapters/node/login-shell-path.ts';
import { APP_ID } from './shell/identity.ts';
import { packagedUpdateConfig, runSmokeTest, SMOKE_FLAG, type SmokeChecks } from './shell/smoke-test.ts';
import type { Logger } from './ports/logger.ts';
import type { ElectronApi } from './shell/electron-api.ts';
import { createLoginItem, HIDDEN_FLAG, type LoginItem } from './shell/login-item.ts';
import type { Notifier } from './shell/notifications.ts';
import { installSessionSecurity } from './shell/security.ts';
import type { TrayController } from './shell/tray.ts';
import type { WindowController } from './shell/window.ts';
import { background, buildFace, type Face } from './shell/face.ts';
import { onSystemShutdown } from './shell/system-shutdown.ts';

export { SMOKE_FLAG };

export interface AppPaths {
  readonly preload: string;
  readonly rendererIndex: string;
  readonly assets: string;
}

export interface CreateAppOptions {
  readonly electron: ElectronApi;
  /** keeper, paste-token and doctor: the real ones come from a `ServicesFactory` (below) */
  readonly services: AppServices;
  readonly logger: Logger;
  readonly paths: AppPaths;
  readonly platform?: NodeJS.Platform;
  readonly loginItem?: LoginItem;
  readonly now?: () => number;
  readonly devTools?: boolean;
  /** the app's own arguments (`--hidden` from the autostart entry, `--smoke-test`) */
  readonly argv?: readonly string[];
  /** the release feed; none (tests, `npm start`) means no update checks */
  readonly updateFeed?: UpdateFeed | undefined;
  /** the clock update checks are planned on (tests pass a FakeClock) */
  readonly updateClock?: Clock;
  /** the caller already holds the single-instance lock (runElectronApp takes it before building services) */
  readonly lockTaken?: boolean;
}

export interface RunningApp {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  readonly loginItem: LoginItem;
  readonly updater: Updater | null;
  /** stops the keeper, removes tray and handlers, then quits Electron */
  quit(): Promise<void>;
}

/** Builds and starts the tray app; null when another instance already runs (it gets focused). */
export async function createApp(o: CreateAppOptions): Promise<RunningApp | null> {
  const { electron, services, logger } = o;
  const platform = o.platform ?? process.platform;
  const now = o.now ?? Date.now;
  if (!(await takeTheApp(electron.app, platform, logger, o.lockTaken === true))) return null;
  installSessionSecurity(electron.session.defaultSession);
  const loginItem =
    o.loginItem ??
    createLoginItem({ platform, app: electron.app, env: process.env, execPath: process.execPath });
  let updater: Updater | null = null;
  const face = buildFace({ ...o, platform, now, loginItem, quit: () => void life.quit() });
  const life = wireLifecycle(o, face, () => updater);
  updater = o.updateFeed === undefined ? null : buildUpdater(o, o.updateFeed, face.notifier, life.shutdown);
  await background(logger, 'starting the keeper', services.lifecycle.start());
  face.tray.update();
  face.notifier.handle(null, services.keeper.current());
  updater?.schedule();
  // GNOME without an AppIndicator extension shows no tray: a launch by hand opens the window,
  // a launch at login (autostart passes --hidden) stays in the tray
  const argv = o.argv ?? [];
  if (platform === 'linux' && !argv.includes(HIDDEN_FLAG) && !argv.includes(SMOKE_FLAG))
    void face.window.show();
  logger.info('Clawkeeper started', { platform });
  const { window, tray, notifier } = face;
  return { window, tray, notifier, loginItem, updater, quit: life.quit };
}

/** The single-instance lock and the per-platform app identity; false when another instance runs. */
async function takeTheApp(
  app: ElectronApi['app'],
  platform: NodeJS.Platform,
  logger: Logger,
  lockTaken: boolean,
): Promise<boolean> {
  if (!lockTaken && !app.requestSingleInstanceLock()) {
    logger.info('another Clawkeeper is running; handing over to it');
    app.quit();
    return false;
  }
  if (platform === 'darwin') app.dock?.hide();
  // Windows attributes toasts by this id; set before the first notification (APP_ID = appId)
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  return true;
}

/** Update checks on the release feed; an offer is a notification whose click restarts into it. */
function buildUpdater(
  o: CreateAppOptions,
  feed: UpdateFeed,
  notifier: Notifier,
  shutdown: () => Promise<void>,
): Updater {
  return createUpdater({
    feed,
    clock: o.updateClock ?? new SystemClock(),
    logger: o.logger,
    enabled: () => o.services.settings().updates?.check !== false,
    offer: (version, install) => {
      const n = notifier.show({
        key: `update:${version}`,
        level: 0,
        title: `Clawkeeper ${version} is ready`,
        body: 'Click to restart into the new version (or it installs when you quit).',
        target: { view: 'doctor' },
      });
      // electron-updater closes our windows before before-quit: stop first, so none refuses
      n.on('click', () => void shutdown().then(install));
    },
  });
}

/**
 * The app's own life: one shutdown (the face goes, then the runtime stops and releases every lock),
 * quit, and the Electron app events. Never cancels a quit: on macOS a cancelled before-quit blocks
 * logout and shutdown; the runtime's writes are atomic, so an interrupted stop loses nothing.
 */
function wireLifecycle(
  o: CreateAppOptions,
  face: Face,
  updater: () => Updater | null,
): { shutdown: () => Promise<void>; quit: () => Promise<void> } {
  const { app } = o.electron;
  let stopping: Promise<void> | null = null;
  let done = false;
  const shutdown = () =>
    (stopping ??= (async () => {
      face.quitting = true;
      stopListening();
      updater()?.stop();
      face.detach();
      await background(o.logger, 'stopping the keeper', o.services.lifecycle.stop());
      done = true;
      o.logger.info('Clawkeeper stopped');
    })());
  const quit = async () => {
    await shutdown();
    app.quit();
  };
  // a shutdown, restart or log-off stops the keeper first (on Windows nothing else would)
  const stopListening = onSystemShutdown({
    electron: o.electron,
    platform: o.platform ?? process.platform,
    stop: shutdown,
    quit: () => app.quit(),
  });
  app.on('before-quit', () => {
    if (!done) void shutdown();
  });
  app.on('window-all-closed', () => {}); // live in the tray: closing the window never quits
  app.on('second-instance', () => void face.window.show());
  app.on('activate', () => void face.window.show());
  return { shutdown, quit };
}

/** What the lead plugs in: builds the real keeper, paste-token and doctor services. */
export type ServicesFactory = (ctx: {
  userData: string;
  logsDir: string;
  logger: Logger;
}) => Promise<AppServices>;

/**
 * The real Electron entry: a redacting file log, the login shell's PATH on macOS, then
 * `createApp` with real services. Logging uses electron-log's Node logger on purpose:
 * `electron-log/main`'s `initialize()` registers a preload of its own (written to the
 * user-data folder, outside the integrity-checked app.asar) and IPC channels, and puts
 * `window.__electronLog` into our page. A start-up failure says so in a dialog and exits 1.
 */
export async function runElectronApp(
  createServices: ServicesFactory,
  o: {
    argv?: readonly string[];
    platform?: NodeJS.Platform;
    /** tests: the fake Electron, and where the built bundles are (the source has no __dirname) */
    electron?: ElectronApi;
    dist?: string;
  } = {},
): Promise<void> {
  const electron: ElectronApi = o.electron ?? (await import('electron'));
  const argv = o.argv ?? process.argv.slice(1);
  const platform = o.platform ?? process.platform;
  const smoke = argv.includes(SMOKE_FLAG);
  const logsDir = electron.app.getPath('logs');
  // the same trust boundary as the CLI's log: a private folder, no links followed, redacted lines
  const { createTrayLogger } = await import('./adapters/node/tray-logger.ts');
  const trayLog = await createTrayLogger(logsDir, { console: smoke ? 'warn' : 'info' });
  const logger: Logger = trayLog.logger;
  for (const note of trayLog.notes) logger.warn(note);
  const dist = o.dist ?? __dirname; // dist/main.cjs, next to preload.cjs and renderer/
  // each smoke-test line on stdout and in the log: a Windows GUI app's stdout goes nowhere
  const print = (line: string) => {
    process.stdout.write(`${line}\n`);
    logger.info(line);
  };
  const checks = smokeChecks(electron);
  // the lock before anything is built: a second launch must not start services (file watchers,
  // the settings follower, alert duty) only to hand over and quit
  if (!electron.app.requestSingleInstanceLock()) {
    logger.info('another Clawkeeper is running; handing over to it');
    if (smoke) return electron.app.exit(await runSmokeTest(null, print, checks));
    return electron.app.quit();
  }
  try {
    const path = await guiPath({ platform, runner: new NodeProcessRunner(), env: process.env });
    if (path !== undefined) process.env['PATH'] = path;
    const services = await createServices({
      userData: electron.app.getPath('userData'),
      logsDir,
      logger,
    });
    const running = await createApp({
      electron,
      services,
      logger,
      platform,
      argv,
      paths: {
        preload: join(dist, 'preload.cjs'),
        rendererIndex: join(dist, 'renderer', 'index.html'),
        assets: join(dist, '..', 'assets'),
      },
      // an unpackaged app (npm start, the fake) has no feed to follow: electron-updater would only skip
      ...(smoke || electron.app.isPackaged !== true ? {} : { updateFeed: await loadUpdateFeed(logger) }),
      lockTaken: true,
    });
    if (smoke) electron.app.exit(await runSmokeTest(running, print, checks));
  } catch (e: unknown) {
    const message = toAppError(e).message;
    logger.error('Clawkeeper could not start', { error: message });
    const text = `${message}\n\nThe log is in ${logsDir}.`;
    if (smoke) process.stderr.write(`smoke-test: FAILED start: ${text}\n`);
    else electron.dialog.showErrorBox('Clawkeeper could not start', text);
    electron.app.exit(1);
  }
}

/** The smoke test's checks of the keyring module and the packaged update config. */
function smokeChecks(electron: ElectronApi): SmokeChecks {
  return {
    keyring: async () =>
      (await import('./adapters/keychain/napi-keyring-vault.ts')).readMissingKeyringEntry(),
    updateConfig: () =>
      packagedUpdateConfig(
        electron.app.isPackaged === true,
        (process as { resourcesPath?: string }).resourcesPath,
      ),
  };
}

/** electron-updater over the release feed; loaded lazily (it needs the electron module). */
async function loadUpdateFeed(logger: Logger): Promise<UpdateFeed | undefined> {
  try {
    const { autoUpdater } = await import('electron-updater');
    const { electronUpdaterFeed } = await import('./shell/electron-updater-feed.ts');
    return electronUpdaterFeed(autoUpdater, logger);
  } catch (e: unknown) {
    logger.warn('updates are unavailable', { error: toAppError(e).message });
    return undefined;
  }
}

/** The real services: the same keeper, paste-token and doctor as the CLI, logging through electron-log. */
const createRealServices: ServicesFactory = async ({ logsDir, logger }) => {
  const { createNodeServices } = await import('./compose/tray-services.ts');
  return createNodeServices({ vars: process.env, logger, logsDir });
};

if (process.versions['electron'] !== undefined) void runElectronApp(createRealServices);

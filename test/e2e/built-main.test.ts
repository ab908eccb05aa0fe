import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIST, ensureBuilt, ROOT } from '../helpers/app-harness.ts';

interface HostRun {
  code: number | null;
  stdout: string;
  summary: {
    code: number;
    errorBoxes: Array<{ title: string; content: string }>;
    sessionPreloads: string[];
    exposed: string[][];
    trays: number;
    notifications: Array<{ title: string; shown: boolean }>;
    channels: string[];
  };
}

/** Runs a built main bundle under the strict fake Electron in its own process. */
export function runBuiltMain(main: string, args: string[], home: string): Promise<HostRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/fakes/electron-host.ts'), main, ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          HOME: home,
          CK_HOST_HOME: home,
          CK_HOST_BROWSER: '1',
          CLAWKEEPER_DATA_DIR: join(home, 'data'),
          XDG_CONFIG_HOME: join(home, '.config'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = /^fake-electron: (.*)$/m.exec(stderr)?.[1];
      if (line === undefined) return reject(new Error(`no summary (exit ${code}): ${stderr.slice(-2000)}`));
      resolve({ code, stdout, summary: JSON.parse(line) as HostRun['summary'] });
    });
  });
}

describe('the built dist/main.cjs on the strict fake Electron', () => {
  let home: string;
  before(() => {
    ensureBuilt();
    home = mkdtempSync(join(tmpdir(), 'ck-main-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('--smoke-test: lock, tray, window, one IPC round trip, one notification clicked, quit with exit 0; no session preload, the page gets window.clawkeeper only', async () => {
    const r = await runBuiltMain(join(DIST, 'main.cjs'), ['--smoke-test'], home);
    assert.equal(r.code, 0, r.stdout);
    for (const step of [
      'single-instance lock',
      'tray',
      'window',
      'ipc round trip',
      'notification click',
      'quit',
    ])
      assert.match(r.stdout, new RegExp(`^smoke-test: ok ${step}$`, 'm'));
    assert.match(r.stdout, /^smoke-test: passed$/m);
    assert.equal(r.summary.trays, 1);
    assert.ok(r.summary.channels.includes('status:get'));
    assert.deepEqual(r.summary.notifications, [{ title: 'Clawkeeper smoke test', shown: true }]);
    // electron-log's initialize() would register a preload and put window.__electronLog in the page
    assert.deepEqual(r.summary.sessionPreloads, []);
    assert.deepEqual(r.summary.exposed, [['clawkeeper']]);
  });

  it('a start-up failure says so in a dialog and exits 1', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'ck-broken-'));
    try {
      // an app without its assets folder: the tray icon cannot load
      mkdirSync(join(broken, 'dist'));
      for (const f of ['main.cjs', 'preload.cjs', 'renderer'])
        cpSync(join(DIST, f), join(broken, 'dist', f), { recursive: true });
      const r = await runBuiltMain(join(broken, 'dist/main.cjs'), ['--hidden'], home);
      assert.equal(r.code, 1);
      assert.equal(r.summary.errorBoxes[0]?.title, 'Clawkeeper could not start');
      assert.match(
        r.summary.errorBoxes[0]?.content ?? '',
        /the tray icon .*tray-\w+\.png could not be loaded[\s\S]*reinstall Clawkeeper[\s\S]*The log is in /,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
export function runBuiltMain(
  main: string,
  args: string[],
  home: string,
  env: Record<string, string> = {},
): Promise<HostRun> {
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
          ...env,
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

  it('--smoke-test: lock, keyring, tray, window, one IPC round trip, one notification clicked, quit with exit 0; no session preload, the page gets window.clawkeeper only', async () => {
    const r = await runBuiltMain(join(DIST, 'main.cjs'), ['--smoke-test'], home);
    assert.equal(r.code, 0, r.stdout);
    for (const step of [
      'single-instance lock',
      'keyring \\(native module loaded; a missing entry reads as not found\\)',
      'update config \\(skipped: not a packaged app\\)',
      'tray',
      'window',
      'ipc round trip',
      'notification click \\(synthetic: the click was emitted by the test, not made by a person\\)',
      'quit',
    ])
      assert.match(r.stdout, new RegExp(`^smoke-test: ok ${step}$`, 'm'));
    assert.match(
      r.stdout,
      /^smoke-test: passed \(synthetic: notification click; skipped: update config \(not a packaged app\)\)$/m,
    );
    assert.equal(r.summary.trays, 1);
    assert.ok(r.summary.channels.includes('status:get'));
    assert.deepEqual(r.summary.notifications, [{ title: 'Clawkeeper smoke test', shown: true }]);
    // electron-log's initialize() would register a preload and put window.__electronLog in the page
    assert.deepEqual(r.summary.sessionPreloads, []);
    assert.deepEqual(r.summary.exposed, [['clawkeeper']]);
    // a Windows GUI app has no stdout: every line is in the log too
    const log = readFileSync(join(home, '.config/Clawkeeper/logs/main.log'), 'utf8');
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('smoke-test: ')))
      assert.ok(log.includes(line), `not in the log: ${line}`);
  });

  it('main.log planted as a link to ~/.profile: the tray moves it aside and never writes or chmods through it', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ck-main-link-'));
    try {
      const logs = join(own, '.config/Clawkeeper/logs');
      mkdirSync(logs, { recursive: true, mode: 0o700 });
      writeFileSync(join(own, '.profile'), 'export A=1\n', { mode: 0o644 });
      chmodSync(join(own, '.profile'), 0o644);
      symlinkSync(join(own, '.profile'), join(logs, 'main.log'));
      const r = await runBuiltMain(join(DIST, 'main.cjs'), ['--smoke-test'], own);
      assert.equal(r.code, 0, r.stdout);
      assert.equal(readFileSync(join(own, '.profile'), 'utf8'), 'export A=1\n');
      assert.equal(statSync(join(own, '.profile')).mode & 0o777, 0o644);
      assert.ok(lstatSync(join(logs, 'main.log')).isFile());
      assert.match(readFileSync(join(logs, 'main.log'), 'utf8'), /smoke-test: ok tray/);
      assert.ok(readdirSync(logs).some((f) => f.startsWith('main.log.untrusted-')));
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('--smoke-test in an installed app checks its app-update.yml: a usable feed passes, a missing one fails', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'ck-resources-'));
    try {
      writeFileSync(
        join(resources, 'app-update.yml'),
        'owner: clawkeeper\nrepo: clawkeeper\nprovider: github\nupdaterCacheDirName: clawkeeper-updater\n',
      );
      const ok = await runBuiltMain(join(DIST, 'main.cjs'), ['--smoke-test'], home, {
        CK_HOST_RESOURCES: resources,
      });
      assert.equal(ok.code, 0, ok.stdout);
      assert.match(
        ok.stdout,
        /^smoke-test: ok update config \(GitHub releases of clawkeeper\/clawkeeper\)$/m,
      );
      assert.match(ok.stdout, /^smoke-test: passed \(synthetic: notification click\)$/m);
      rmSync(join(resources, 'app-update.yml'));
      const missing = await runBuiltMain(join(DIST, 'main.cjs'), ['--smoke-test'], home, {
        CK_HOST_RESOURCES: resources,
      });
      assert.equal(missing.code, 1);
      assert.match(missing.stdout, /^smoke-test: FAILED update config: .*app-update\.yml is missing/m);
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });

  it('--smoke-test fails on a keyring module that does not load, and says it was the load', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'ck-nokeyring-'));
    try {
      // the app without node_modules: @napi-rs/keyring cannot be found
      mkdirSync(join(bare, 'dist'));
      for (const f of ['main.cjs', 'preload.cjs', 'renderer'])
        cpSync(join(DIST, f), join(bare, 'dist', f), { recursive: true });
      cpSync(join(ROOT, 'assets'), join(bare, 'assets'), { recursive: true });
      const r = await runBuiltMain(join(bare, 'dist/main.cjs'), ['--smoke-test'], home);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /^smoke-test: FAILED keyring: the native keyring module did not load: /m);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
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

import assert from 'node:assert/strict';
import { chmod, chown, stat, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { ChokidarWatcher } from '../../../main/adapters/node/chokidar-watcher.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { SystemClock } from '../../../main/adapters/node/system-clock.ts';
import { NodePathTrust } from '../../../main/adapters/node/trust.ts';
import { SettingsFollower, type SettingsChange } from '../../../main/core/settings/settings-follower.ts';
import { DEFAULT_SETTINGS, loadSettings } from '../../../main/core/settings/settings.ts';
import type { DoctorReport } from '../../../main/core/contracts.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const asRoot = process.getuid?.() === 0;

async function home(): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}

async function doctor(h: FixtureHome, fix = false): Promise<DoctorReport> {
  const r = await runCli(['doctor', '--json', ...(fix ? ['--fix'] : [])], h.env());
  const out = JSON.parse(r.stdout) as DoctorReport | { after: DoctorReport };
  return 'after' in out ? out.after : out;
}

describe('doctor on the trust boundary', { skip: !asRoot && 'needs root to give files other owners' }, () => {
  it('--fix tightens a settings file and a folder above it that are the user’s own, and nothing else', async () => {
    const h = await home();
    const path = await h.write(
      '.config/clawkeeper/settings.json',
      { api: { base: 'https://x.example' } },
      0o664,
    );
    await chmod(h.path('.config'), 0o777);
    const before = await doctor(h);
    const loose = before.findings.filter((f) => f.check === 'untrusted-loose');
    assert.ok(
      loose.some((f) => f.fixable && f.files[0] === h.path('.config')),
      JSON.stringify(loose),
    );
    const after = await doctor(h, true);
    assert.equal((await stat(h.path('.config'))).mode & 0o777, 0o755);
    assert.equal((await stat(path)).mode & 0o777, 0o644);
    assert.deepEqual(
      after.findings.filter((f) => f.check.startsWith('untrusted')),
      [],
      'nothing left to say once both are tightened',
    );
    assert.equal(
      (await loadSettings(new NodeWritableFiles(), path, new NodePathTrust())).settings.api.base,
      'https://x.example',
    );
  });

  it("--fix never chmods or chowns another user's file: it says what to do by hand", async () => {
    const h = await home();
    const path = await h.write(
      '.config/clawkeeper/settings.json',
      { api: { base: 'https://x.example' } },
      0o666,
    );
    await chown(path, 4242, 4242);
    const report = await doctor(h, true);
    const f = report.findings.find((x) => x.check === 'untrusted-path' && x.files[0] === path);
    assert.ok(f && !f.fixable, JSON.stringify(report.findings));
    assert.match(f.hint, /never chowns another user's file/);
    const s = await stat(path);
    assert.deepEqual([s.uid, s.mode & 0o777], [4242, 0o666]);
  });
});

describe('the settings follower on the trust boundary', () => {
  it('applies an edit of a file others can write with its steering fields at their defaults, and says why', async () => {
    const h = await home();
    const path = await h.write('.config/clawkeeper/settings.json', { probe: { enabled: false } }, 0o600);
    const files = new NodeWritableFiles();
    const trust = new NodePathTrust();
    const changes: SettingsChange[] = [];
    const f = new SettingsFollower({
      files,
      watcher: new ChokidarWatcher(),
      clock: new SystemClock(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      path,
      initial: await loadSettings(files, path, trust),
      trust,
      onChange: (c) => changes.push(c),
      debounceMs: 50,
    });
    await f.start();
    try {
      await writeFile(path, JSON.stringify({ probe: { enabled: true }, api: { base: 'https://x.example' } }));
      await chmod(path, 0o666);
      const end = Date.now() + 5000;
      while (changes.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      const c = changes.at(-1);
      assert.equal(c?.kind, 'applied');
      if (c?.kind !== 'applied') return;
      assert.equal(c.settings.probe.enabled, true, 'a harmless field applies');
      assert.equal(c.settings.api.base, DEFAULT_SETTINGS.api.base, 'a steering one does not');
      assert.match(c.problem ?? '', /not trusted .*api\.base is ignored/);
    } finally {
      await f.stop();
    }
  });
});

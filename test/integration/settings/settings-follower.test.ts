import assert from 'node:assert/strict';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { ChokidarWatcher } from '../../../main/adapters/node/chokidar-watcher.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { SystemClock } from '../../../main/adapters/node/system-clock.ts';
import { SettingsFollower, type SettingsChange } from '../../../main/core/settings/settings-follower.ts';
import { loadSettings } from '../../../main/core/settings/settings.ts';
import type { Logger } from '../../../main/ports/logger.ts';
import type { Watcher } from '../../../main/ports/watcher.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

// The follower on real files and real chokidar (inotify here): what a running keeper hears
// when someone edits its settings file.
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// a test that fails midway must not leave a watch running (the test process would never end)
const followers: SettingsFollower[] = [];
after(() => Promise.all(followers.map((f) => f.stop())));

async function follow(opts: { folder: boolean; initial?: object; rel?: string; watcher?: Watcher }) {
  const h = await FixtureHome.create();
  homes.push(h);
  const path = h.path(opts.rel ?? 'cfg/clawkeeper/settings.json');
  if (opts.folder) await mkdir(h.path('cfg/clawkeeper'), { recursive: true });
  else await mkdir(h.path('cfg'), { recursive: true });
  if (opts.initial) await h.write(path, opts.initial);
  const files = new NodeWritableFiles();
  const changes: SettingsChange[] = [];
  const f = new SettingsFollower({
    files,
    watcher: opts.watcher ?? new ChokidarWatcher(),
    clock: new SystemClock(),
    logger: quiet,
    path,
    initial: await loadSettings(files, path),
    onChange: (c) => changes.push(c),
    debounceMs: 50,
  });
  await f.start();
  followers.push(f);
  const waitFor = async (n: number, what: string) => {
    const end = Date.now() + 5000;
    while (changes.length < n) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(changes)}`);
      await sleep(20);
    }
    return changes[n - 1]!;
  };
  return { h, path, f, changes, waitFor };
}

describe('the settings follower (real files, real chokidar)', () => {
  it('applies an edit, keeps the settings in effect through a broken one (said once), applies the fix, and falls back to the defaults on removal', async () => {
    const { path, f, changes, waitFor } = await follow({
      folder: true,
      initial: { probe: { enabled: false } },
    });
    assert.equal(f.current.probe.enabled, false);
    await writeFile(path, JSON.stringify({ probe: { enabled: false, intervalHours: 12 } }));
    const a = await waitFor(1, 'the edit');
    assert.equal(a.kind, 'applied');
    assert.equal(f.current.probe.intervalHours, 12);
    assert.deepEqual(a.kind === 'applied' ? a.restartFor : null, [], 'probe settings apply at once');
    // a half-written edit: the settings in effect stay, and the problem is said once
    await writeFile(path, '{ "probe": { "enabled": ');
    const kept = await waitFor(2, 'the broken edit');
    assert.equal(kept.kind, 'kept');
    assert.match(kept.kind === 'kept' ? kept.problem : '', /not valid .*stay until it is fixed/);
    assert.equal(f.current.probe.intervalHours, 12, 'still the last good settings');
    await writeFile(path, '{ "probe": { "enabled": ');
    await sleep(300);
    assert.equal(changes.length, 2, 'the same problem is not said again');
    // fixed, the editor's way: a temp file renamed over it
    await writeFile(`${path}.tmp~`, JSON.stringify({ probe: { enabled: true, intervalHours: 24 } }));
    await rename(`${path}.tmp~`, path);
    const fixed = await waitFor(3, 'the fix');
    assert.equal(fixed.kind, 'applied');
    assert.equal(f.current.probe.intervalHours, 24);
    // settings read only at start: applied, but said to need a restart
    await writeFile(
      path,
      JSON.stringify({
        probe: { enabled: true, intervalHours: 24 },
        refresh: { tokenUrl: 'https://auth.example.test/token' },
        ssh: { connectTimeoutSeconds: 30 },
      }),
    );
    const later = await waitFor(4, 'a start-only edit');
    assert.deepEqual(later.kind === 'applied' ? later.restartFor : null, ['refresh.tokenUrl', 'ssh.*']);
    await rm(path);
    const gone = await waitFor(5, 'the removal');
    assert.equal(gone.kind, 'defaults');
    assert.equal(f.current.probe.intervalHours, 6);
    await f.stop();
  });

  it('says nothing for a rewrite with the same settings, for settings it adopted, or for other files in the folder', async () => {
    const { h, path, f, changes } = await follow({ folder: true, initial: { probe: { enabled: false } } });
    await writeFile(path, JSON.stringify({ probe: { enabled: false } }, null, 4));
    await h.write('cfg/clawkeeper/hosts-notes.txt', 'unrelated');
    // what the tray app's window wrote itself
    const mine = (await loadSettings(new NodeWritableFiles(), path)).settings;
    const next = { ...mine, probe: { ...mine.probe, intervalHours: 48 } };
    f.adopt(next);
    await writeFile(path, JSON.stringify({ probe: { enabled: false, intervalHours: 48 } }));
    await sleep(400);
    assert.deepEqual(changes, []);
    assert.equal(f.current.probe.intervalHours, 48);
    await f.stop();
  });

  it('waits for a settings folder that does not exist yet, then follows the file in it', async () => {
    const { path, f, waitFor } = await follow({ folder: false });
    await mkdir(path.replace(/\/settings\.json$/, ''));
    await writeFile(path, JSON.stringify({ probe: { intervalHours: 3 } }));
    const a = await waitFor(1, 'the new file in the new folder');
    assert.equal(a.kind, 'applied');
    assert.equal(f.current.probe.intervalHours, 3);
    await writeFile(path, JSON.stringify({ probe: { intervalHours: 5 } }));
    await waitFor(2, 'a later edit');
    assert.equal(f.current.probe.intervalHours, 5);
    await f.stop();
  });

  it('keeps the settings in effect when the file cannot be read at all (a folder, over the size cap, not UTF-8), and says each problem once', async () => {
    const { path, f, changes, waitFor } = await follow({
      folder: true,
      initial: { probe: { intervalHours: 7 } },
    });
    await rm(path);
    await mkdir(path);
    // the removal and the folder may come as one burst: one read, or a 'defaults' first
    const dir = await waitFor(1, 'the folder in its place');
    const kept = dir.kind === 'kept' ? dir : await waitFor(2, 'the folder in its place');
    assert.equal(kept.kind, 'kept');
    assert.match(
      kept.kind === 'kept' ? kept.problem : '',
      /not a regular file \(a directory\).*stay until it is fixed/,
    );
    const n = changes.length;
    await rmdir(path);
    await writeFile(path, JSON.stringify({ probe: { intervalHours: 8 } }));
    await waitFor(n + 1, 'the file back');
    await sleep(300); // settled (a fresh watch after the folder), so each write below is one change
    await writeFile(path, `{"x":"${'a'.repeat(9 * 1024 * 1024)}"}`);
    const big = await waitFor(n + 2, 'a 9 MB file');
    assert.match(
      big.kind === 'kept' ? big.problem : '',
      /over the 8388608-byte limit.*stay until it is fixed/,
    );
    await writeFile(path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const bad = await waitFor(n + 3, 'invalid UTF-8');
    assert.match(bad.kind === 'kept' ? bad.problem : '', /not valid UTF-8.*stay until it is fixed/);
    await writeFile(path, Buffer.from([0x7b, 0xff, 0xff, 0xfe, 0x7d]));
    await sleep(300);
    assert.equal(changes.length, n + 3, 'the same problem is not said again');
    assert.equal(f.current.probe.intervalHours, 8, 'the last good settings stay');
    await f.stop();
  });

  it('follows the file again after its folder is removed and made anew, and waits for several missing folders', async () => {
    const gone = await follow({ folder: true, initial: { probe: { intervalHours: 7 } } });
    await rm(gone.path.replace(/\/settings\.json$/, ''), { recursive: true });
    assert.equal((await gone.waitFor(1, 'the removal')).kind, 'defaults');
    await mkdir(gone.path.replace(/\/settings\.json$/, ''));
    await sleep(200);
    await writeFile(gone.path, JSON.stringify({ probe: { intervalHours: 9 } }));
    assert.equal((await gone.waitFor(2, 'the file in the new folder')).kind, 'applied');
    assert.equal(gone.f.current.probe.intervalHours, 9);
    await gone.f.stop();
    // CLAWKEEPER_CONFIG naming a folder two levels from existing
    const deep = await follow({ folder: false, rel: 'cfg/a/b/settings.json' });
    await mkdir(deep.h.path('cfg/a/b'), { recursive: true });
    await sleep(200);
    await writeFile(deep.path, JSON.stringify({ probe: { intervalHours: 4 } }));
    assert.equal((await deep.waitFor(1, 'the file in the new folders')).kind, 'applied');
    assert.equal(deep.f.current.probe.intervalHours, 4);
    await deep.f.stop();
  });

  it('leaves no watch running when stopped while it moves its watch to a new folder', async () => {
    let open = 0;
    let calls = 0;
    const real = new ChokidarWatcher();
    const slow: Watcher = {
      async watch(dirs, onChange) {
        calls++;
        if (calls > 1) await sleep(300);
        const stop = await real.watch(dirs, onChange);
        open++;
        return async () => {
          open--;
          await stop();
        };
      },
    };
    const { path, f } = await follow({ folder: false, watcher: slow });
    await mkdir(path.replace(/\/settings\.json$/, ''));
    const end = Date.now() + 5000;
    while (calls < 2 && Date.now() < end) await sleep(10);
    assert.equal(calls, 2, 'the watch moves to the new folder');
    await f.stop();
    await sleep(400);
    assert.equal(open, 0, 'every watch it opened is closed');
  });
});

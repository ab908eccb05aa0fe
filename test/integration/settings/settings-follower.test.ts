import assert from 'node:assert/strict';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { ChokidarWatcher } from '../../../main/adapters/node/chokidar-watcher.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { SystemClock } from '../../../main/adapters/node/system-clock.ts';
import { SettingsFollower, type SettingsChange } from '../../../main/core/settings/settings-follower.ts';
import { loadSettings } from '../../../main/core/settings/settings.ts';
import type { Logger } from '../../../main/ports/logger.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

// The follower on real files and real chokidar (inotify here): what a running keeper hears
// when someone edits its settings file.
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function follow(opts: { folder: boolean; initial?: object }) {
  const h = await FixtureHome.create();
  homes.push(h);
  const path = h.path('cfg/clawkeeper/settings.json');
  if (opts.folder) await mkdir(h.path('cfg/clawkeeper'), { recursive: true });
  else await mkdir(h.path('cfg'), { recursive: true });
  if (opts.initial) await h.write(path, opts.initial);
  const files = new NodeWritableFiles();
  const changes: SettingsChange[] = [];
  const f = new SettingsFollower({
    files,
    watcher: new ChokidarWatcher(),
    clock: new SystemClock(),
    logger: quiet,
    path,
    initial: await loadSettings(files, path),
    onChange: (c) => changes.push(c),
    debounceMs: 50,
  });
  await f.start();
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
    await rm(path);
    const gone = await waitFor(4, 'the removal');
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
});

import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { ChokidarWatcher } from '../../../main/adapters/node/chokidar-watcher.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

// chokidar reports an entry it cannot stat as an 'error' event; an EventEmitter with no 'error'
// listener throws, which ended `clawkeeper watch` with a stack trace (a symlink loop in the
// settings folder or in ~/.openclaw was enough).
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the chokidar watcher', () => {
  it('survives a symlink loop in a watched folder and keeps reporting changes', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('watched');
    await mkdir(dir);
    const seen: string[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const stop = await new ChokidarWatcher().watch([dir], (p) => seen.push(p));
      await symlink(h.path('watched/loop'), h.path('watched/loop'));
      await sleep(300);
      await writeFile(h.path('watched/settings.json'), '{}');
      const end = Date.now() + 5000;
      while (!seen.some((p) => p.endsWith('settings.json')) && Date.now() < end) await sleep(20);
      await Promise.race([stop(), sleep(2000)]);
      assert.deepEqual(uncaught.map(String), [], 'no uncaught error');
      assert.ok(
        seen.some((p) => p.endsWith('settings.json')),
        'later changes still arrive',
      );
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

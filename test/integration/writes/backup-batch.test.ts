import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileBackups } from '../../../main/adapters/node/file-backups.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { BackupRecord } from '../../../main/ports/backups.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const readIndex = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'index.json'), 'utf8').catch(() => '[]')) as BackupRecord[];

describe('backups taken in a batch', () => {
  it('each save has its bytes and record on disk at once, the index is written when the batch ends, and another process lists them all meanwhile', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('b');
    const files = new NodeWritableFiles();
    const mine = new FileBackups(files, { now: () => Date.now() } as never, dir, new NodeLocks());
    const other = new FileBackups(files, { now: () => Date.now() } as never, dir, new NodeLocks());
    await mine.save('/x/first.json', 'before', 'paste-token');
    let inside: BackupRecord[] = [];
    const saved = await mine.batch(async () => {
      const rs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => mine.save(`/x/a${i}.json`, `old ${i}`, 'sync (link)')),
      );
      assert.equal((await readIndex(dir)).length, 1, 'the index is not rewritten per save');
      inside = await other.list();
      return rs;
    });
    assert.deepEqual(
      inside.map((r) => r.file).sort(),
      ['/x/first.json', ...saved.map((r) => r.file)].sort(),
      'a run that lists while the batch is open finds every backup with the file it belongs to',
    );
    const index = await readIndex(dir);
    assert.equal(index.length, 21, 'the batch indexed its saves when it ended');
    assert.ok(
      saved.every((r) => r.protected),
      'the first backup of each file is protected',
    );
    assert.equal(await readFile(join(dir, `${saved[7]!.id}.bak`), 'utf8'), 'old 7');
  });

  it('an index entry made up for bytes found without their record gives way to the record once it exists', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('b');
    const b = new FileBackups(
      new NodeWritableFiles(),
      { now: () => Date.now() } as never,
      dir,
      new NodeLocks(),
    );
    const r = await b.save('/x/a.json', 'old', 'sync (link)');
    // another run indexed the bytes in the instant before their record was written
    const madeUp = { ...r, file: '(unknown: its record was lost)', reason: 'found without a record' };
    await writeFile(join(dir, 'index.json'), JSON.stringify([madeUp]));
    const listed = await b.list();
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.file, '/x/a.json');
    assert.equal((await readIndex(dir))[0]!.file, '/x/a.json', 'the index is healed on disk');
  });
});

import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

describe('writeNewFiles (a backup and its record)', () => {
  it('creates every file with exactly the mode asked, whatever the umask', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('b');
    await mkdir(dir);
    const umask = process.umask(0o077);
    try {
      await new NodeWritableFiles().writeNewFiles(
        dir,
        [
          { name: 'x.bak', content: 'bytes' },
          { name: 'x.json', content: '{}\n' },
        ],
        0o640,
      );
    } finally {
      process.umask(umask);
    }
    assert.deepEqual((await readdir(dir)).sort(), ['x.bak', 'x.json']);
    assert.equal(await readFile(h.path('b/x.bak'), 'utf8'), 'bytes');
    for (const n of ['x.bak', 'x.json']) assert.equal((await stat(h.path('b', n))).mode & 0o777, 0o640);
  });

  it('a failure part-way leaves neither the files nor a temp file', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('b');
    await mkdir(dir);
    await assert.rejects(
      new NodeWritableFiles().writeNewFiles(
        dir,
        [
          { name: 'x.bak', content: 'bytes' },
          { name: 'missing/x.json', content: '{}\n' },
        ],
        0o600,
      ),
    );
    assert.deepEqual(await readdir(dir), []);
  });
});

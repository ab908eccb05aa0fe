import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { NodeFiles } from '../../../main/adapters/node/node-files.ts';
import { loadSettings } from '../../../main/core/settings/settings.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

// A settings file that cannot be read at all used to throw out of loadSettings: every CLI command
// (status, doctor, watch) ended with exit 70, "unexpected error (ELOOP)" for a symlink loop.
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

const cases: [string, (path: string) => Promise<unknown>, RegExp][] = [
  ['a folder', (p) => mkdir(p), /not a regular file \(a directory\)/],
  ['a FIFO', (p) => Promise.resolve(execFileSync('mkfifo', [p])), /not a regular file \(a FIFO\)/],
  ['a symlink loop', (p) => symlink(p, p), /cannot be read \(ELOOP\)/],
  [
    'over the size cap',
    (p) => writeFile(p, `{"x":"${'a'.repeat(9 * 1024 * 1024)}"}`),
    /over the 8388608-byte limit/,
  ],
  ['not UTF-8', (p) => writeFile(p, Buffer.from([0x7b, 0xff, 0x7d])), /not valid UTF-8/],
];

describe('a settings file that cannot be read', () => {
  for (const [what, make, problem] of cases)
    it(`is invalid with the defaults in effect, the same for both readers: ${what}`, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const path = h.path('settings.json');
      await make(path);
      const blocking = await loadSettings(new NodeFiles({ blocking: true }), path);
      const responsive = await loadSettings(new NodeFiles({ blocking: false }), path);
      assert.deepEqual(blocking, responsive);
      assert.equal(blocking.invalid, true);
      assert.equal(blocking.exists, true);
      assert.equal(blocking.settings.probe.intervalHours, 6, 'the defaults');
      assert.match(blocking.problem ?? '', problem);
      assert.match(blocking.problem ?? '', /; using defaults until it is fixed$/);
    });
});

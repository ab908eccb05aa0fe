import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, runProcess } from '../../helpers/run-cli.ts';

// What the built CLI loads for a read-only command. The speed itself is a benchmark
// (test/bench/sqlite-status.bench.ts); this guards the reason for it: `status` must not pull in
// what only writes, watches or spawns need.
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

interface Loaded {
  builtins: string[];
  gracefulFs: boolean;
}

/** Runs the built CLI with a preload that records, at exit, the Node built-ins it loaded. */
async function loadedBy(argv: string[], runs = 1): Promise<Loaded> {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.claude(
    claudeCredentials({ access: access('su'), refresh: refresh('su'), expiresAt: Date.now() + 6 * HOUR }),
  );
  await h.profiles('main', { version: 1, profiles: {} });
  const out = h.path('loaded.json');
  const preload = h.path('record.cjs');
  await h.write(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({
      builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
      gracefulFs: Symbol.for('graceful-fs.queue') in globalThis,
    })));`,
  );
  for (let i = 0; i < runs; i++) {
    const r = await runProcess(process.execPath, ['--require', preload, BIN, ...argv], h.env());
    assert.equal(r.code, 0, r.stderr);
  }
  return JSON.parse(await readFile(out, 'utf8')) as Loaded;
}

describe('start-up of the built CLI', () => {
  it('status loads no process spawning, no HTTP and no lock library (stdout, a pipe here, needs net)', async () => {
    const { builtins, gracefulFs } = await loadedBy(['status', '--json']);
    for (const m of ['child_process', 'http', 'https', 'tls', 'readline', 'assert'])
      assert.ok(!builtins.includes(m), `status loaded node:${m}`);
    assert.equal(gracefulFs, false, 'proper-lockfile (graceful-fs) is loaded by the first lock only');
  });

  it('a status with nothing new to record loads no node:crypto (fingerprints are plain code)', async () => {
    const { builtins } = await loadedBy(['status', '--json'], 2);
    assert.ok(!builtins.includes('crypto'));
  });

  it('--version loads no command at all (no crypto, no file system promises)', async () => {
    const { builtins } = await loadedBy(['--version']);
    for (const m of ['crypto', 'fs/promises', 'child_process']) assert.ok(!builtins.includes(m), m);
  });
});

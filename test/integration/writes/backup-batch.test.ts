import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileBackups } from '../../../main/adapters/node/file-backups.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { BackupRecord } from '../../../main/ports/backups.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, runCli, spawnCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

  it('a sync killed in the middle of its 60 copies leaves every backup listed by `backup list` and restorable', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const now = Date.now();
    const old = access('mid-old');
    await h.claude(
      claudeCredentials({ access: old, refresh: refresh('mid-old'), expiresAt: now + 6 * HOUR }),
    );
    await h.config({
      agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
      meta: { lastTouchedVersion: '2026.6.1' },
    });
    const ids = Array.from({ length: 60 }, (_, i) => (i === 0 ? 'main' : `agent${i}`));
    for (const id of ids)
      await h.profiles(id, {
        version: 1,
        profiles: { 'anthropic:copy': { type: 'token', provider: 'anthropic', token: old, expires: now } },
      });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    assert.equal((await spawnCli(['sync'], env)).code, 0);
    const fresh = access('mid-new');
    await h.claude(
      claudeCredentials({ access: fresh, refresh: refresh('mid-new'), expiresAt: now + 8 * HOUR }),
    );
    const dir = h.path('data/backups');
    const baks = async () =>
      (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.bak'));
    const before = (await baks()).length;
    const child = spawn(process.execPath, [BIN, 'sync'], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    let ended = false;
    void exited.then(() => (ended = true));
    while (!ended && (await baks()).length < before + 10) await sleep(1);
    child.kill('SIGKILL');
    await exited;
    const onDisk = await baks();
    const index = await readIndex(dir);
    assert.ok(
      index.length < onDisk.length && onDisk.length < before + ids.length,
      `killed mid-batch (${index.length} indexed, ${onDisk.length} on disk of ${before + ids.length})`,
    );
    const list = await runCli(['backup', 'list', '--json'], env);
    assert.equal(list.code, 0, list.stderr);
    const listed = (JSON.parse(list.stdout) as { backups: BackupRecord[] }).backups;
    assert.deepEqual(listed.map((r) => `${r.id}.bak`).sort(), [...onDisk].sort(), 'every backup is listed');
    const records = new Set((await readdir(dir)).filter((n) => n.endsWith('.json') && n !== 'index.json'));
    for (const r of listed)
      if (records.has(`${r.id}.json`))
        assert.match(r.file, /auth-profiles\.json$/, `${r.id} says where it belongs`);
    const one = listed.filter((r) => r.reason.startsWith('sync')).at(-1)!;
    assert.equal((await runCli(['backup', 'restore', one.id], env)).code, 0);
    assert.equal(await readFile(one.file, 'utf8'), await readFile(join(dir, `${one.id}.bak`), 'utf8'));
  });
});

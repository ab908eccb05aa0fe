import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileBackups, retained } from '../../../main/adapters/node/file-backups.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { BackupRecord } from '../../../main/ports/backups.ts';
import { access, DAY, FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli, spawnCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

describe('backups you can trust', () => {
  it('3 parallel paste-token runs over 40 agents: every backup indexed and restorable; a corrupted index is rebuilt', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const agents = Array.from({ length: 40 }, (_, i) => `a${i}`);
    await h.config({ agents: { list: agents.map((id) => ({ id })) } });
    for (const a of agents)
      await h.profiles(a, {
        version: 1,
        profiles: { 'anthropic:other': { type: 'token', provider: 'anthropic', token: access(`o-${a}`) } },
      });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        spawnCli(['paste-token', '--expires-in', `${n}d`], env, access(`paste${n}`) + '\n'),
      ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const dir = h.path('data/backups');
    const baks = (await readdir(dir)).filter((n) => n.endsWith('.bak'));
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as BackupRecord[];
    // each run backs up every agent's store it changes (the first run's backups are of the originals)
    assert.ok(baks.length >= 80, `${baks.length} backups`);
    assert.deepEqual(index.map((r) => `${r.id}.bak`).sort(), baks.sort(), 'every backup is indexed');
    for (const r of index) {
      const bytes = await readFile(join(dir, `${r.id}.bak`), 'utf8');
      assert.doesNotThrow(() => JSON.parse(bytes), `${r.id} holds a parseable store`);
    }
    const one = index.find((r) => r.file.includes('/a7/'))!;
    assert.equal((await runCli(['backup', 'restore', one.id], env)).code, 0);
    assert.equal(await readFile(one.file, 'utf8'), await readFile(join(dir, `${one.id}.bak`), 'utf8'));

    await writeFile(join(dir, 'index.json'), '[{"id": "trunc');
    const list = await runCli(['backup', 'list', '--json'], env);
    assert.equal(list.code, 0);
    const rebuilt = (JSON.parse(list.stdout) as { backups: BackupRecord[] }).backups;
    assert.equal(
      rebuilt.length,
      index.length + 1,
      'every backup is still listed (plus the one before the restore)',
    );
    assert.ok(
      rebuilt.every((r) => !r.file.startsWith('(unknown')),
      'records kept beside the bytes say where each belongs',
    );
    const onDisk = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as BackupRecord[];
    assert.equal(onDisk.length, rebuilt.length, 'the index file itself was rebuilt');
    const text = await runCli(['backup', 'list'], env);
    assert.match(text.stdout, /protected/);
  });

  it('no backup when the bytes would not change; retention is per file and keeps the protected ones', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    let now = Date.now() - 100 * DAY;
    const files = new NodeWritableFiles();
    const b = new FileBackups(files, { now: () => now } as never, h.path('b'), new NodeLocks(), {
      keepLast: 3,
      keepDays: 7,
    });
    const first = await b.save('/x/a.json', 'v0', 'sync (link)');
    assert.equal(
      (await b.save('/x/a.json', 'v0', 'sync (link)')).id,
      first.id,
      'identical bytes: no new backup',
    );
    const fix = await b.save('/x/a.json', 'v-fix', 'doctor --fix: mode-type-mismatch');
    for (let i = 1; i <= 10; i++) {
      now += DAY;
      await b.save('/x/a.json', `v${i}`, 'sync (link)');
    }
    const other = await b.save('/x/b.json', 'b0', 'sync (link)');
    const ids = new Set((await b.list()).map((r) => r.id));
    assert.ok(ids.has(first.id), 'the first backup of a file is kept');
    assert.ok(ids.has(fix.id), 'a backup before a fix is kept');
    assert.ok(ids.has(other.id), 'another file’s backups are not evicted by this one’s');
    const syncs = (await b.list()).filter((r) => r.file === '/x/a.json' && !r.protected);
    assert.equal(syncs.length, 7, 'the last 7 days (more than the last 3)');
    const names = await readdir(h.path('b'));
    assert.equal(names.filter((n) => n.endsWith('.bak')).length, ids.size, 'dropped backups leave no bytes');
  });

  it('retention keeps the last N and everything from the last M days, per file', () => {
    const r = (id: string, file: string, ageDays: number, p = false): BackupRecord => ({
      id,
      file,
      createdAt: 1000 * DAY - ageDays * DAY,
      reason: 'sync',
      size: 1,
      sha256: '',
      protected: p,
    });
    const all = [
      r('1', 'a', 90),
      r('2', 'a', 80, true),
      r('3', 'a', 70),
      r('4', 'a', 60),
      r('5', 'a', 5),
      r('6', 'b', 99),
    ];
    assert.deepEqual([...retained(all, 1000 * DAY, { keepLast: 1, keepDays: 7 })].sort(), [
      '1',
      '2',
      '5',
      '6',
    ]);
  });
});

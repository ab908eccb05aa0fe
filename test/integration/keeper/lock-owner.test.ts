/**
 * Claude Code 2.1.332's owner record beside its refresh lock (`.oauth_refresh.lock.owner`):
 * Clawkeeper writes and removes its own the way Claude Code does, takes over a lock whose recorded
 * holder is proven dead, and never breaks one whose recorded holder is alive. Real processes hold
 * the locks (test/fakes/claude-lock-holder.mjs); a holder without a record is an older release.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, readFile, readlink, realpath, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { parseLockOwner } from '../../../main/core/formats/claude-lock-owner.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

const HOLDER = fileURLToPath(new URL('../../fakes/claude-lock-holder.mjs', import.meta.url));
const linux = process.platform === 'linux' ? false : 'the pid checks are Linux-only here';

const homes: FixtureHome[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function claudeDir(): Promise<string> {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.write('.claude/.credentials.json', '{}');
  return h.path('.claude');
}

/** Starts a holder and resolves once it holds the locks. */
async function hold(dir: string, ...flags: string[]): Promise<ChildProcess> {
  const c = spawn(process.execPath, [HOLDER, dir, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  await new Promise<void>((resolve, reject) => {
    c.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    c.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return c;
}

const kill = (c: ChildProcess) =>
  new Promise<void>((r) => {
    c.on('exit', () => r());
    c.kill('SIGKILL');
  });

const record = async (dir: string) =>
  parseLockOwner(await readFile(join(dir, '.oauth_refresh.lock.owner'), 'utf8').catch(() => null));
const exists = (p: string) =>
  lstat(p).then(
    () => true,
    () => false,
  );

describe("Claude Code's refresh lock owner record", { skip: linux }, () => {
  it('is written while Clawkeeper holds the lock, in Claude Code 2.1.332 format, and removed on release', async () => {
    const dir = await claudeDir();
    const locks = new NodeLocks();
    const h = await locks.claudeRefresh(dir);
    assert.ok(h);
    try {
      const r = await record(dir);
      assert.ok(r, 'a record Claude Code would parse');
      const ns = await readlink('/proc/self/ns/pid');
      const machine = (await readFile('/etc/machine-id', 'utf8').catch(() => '')).trim();
      const stat = await readFile(`/proc/${process.pid}/stat`, 'utf8');
      assert.equal(r.pid, process.pid);
      assert.equal(r.procStart, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      assert.equal(r.pidDomain, `linux:${machine}:${ns}`);
      assert.equal(r.pidSpace, `${hostname()}#${ns}`);
      assert.equal(r.lockBirthtimeMs, (await lstat(join(dir, '.oauth_refresh.lock'))).birthtimeMs);
      assert.equal(r.legacyLockBirthtimeMs, (await lstat(`${await realpath(dir)}.lock`)).birthtimeMs);
    } finally {
      await h.release();
    }
    assert.equal(await exists(join(dir, '.oauth_refresh.lock.owner')), false, 'removed with the lock');
    assert.equal(await exists(join(dir, '.oauth_refresh.lock')), false);
  });

  it('takes over at once a lock whose recorded holder was killed; an older release (no record) still waits for the 60 s rule', async () => {
    const withRecord = await claudeDir();
    await kill(await hold(withRecord));
    const taken = await new NodeLocks().claudeRefresh(withRecord);
    assert.ok(taken, 'the dead holder of a recorded lock does not block a refresh for 60 s');
    const mine = await record(withRecord);
    assert.equal(mine?.pid, process.pid, "the dead holder's record was replaced by ours");
    await taken.release();
    assert.equal(await exists(`${await realpath(withRecord)}.lock`), false, 'the legacy lock went too');

    const older = await claudeDir();
    await kill(await hold(older, '--no-record'));
    assert.equal(await new NodeLocks().claudeRefresh(older), null, 'no record: the fresh lock is held');
  });

  it('never breaks a lock whose recorded holder is alive, even past the mtime rule (a suspended Claude Code)', async () => {
    const dir = await claudeDir();
    const c = await hold(dir);
    c.kill('SIGSTOP');
    try {
      const old = new Date(Date.now() - 120_000);
      await utimes(join(dir, '.oauth_refresh.lock'), old, old);
      assert.equal(await new NodeLocks().claudeRefresh(dir), null);
      assert.ok(await exists(join(dir, '.oauth_refresh.lock')));
      assert.equal((await record(dir))?.pid, c.pid, "the holder's record is left alone");
    } finally {
      c.kill('SIGCONT');
      await kill(c);
    }
    // the same lock without a record (an older release): the 60 s mtime rule breaks it, as before
    const older = await claudeDir();
    const o = await hold(older, '--no-record');
    o.kill('SIGSTOP');
    try {
      const old = new Date(Date.now() - 120_000);
      await utimes(join(older, '.oauth_refresh.lock'), old, old);
      await utimes(`${await realpath(older)}.lock`, old, old);
      const h = await new NodeLocks().claudeRefresh(older);
      assert.ok(h, 'an unrecorded lock untouched for 60 s is stale');
      await h.release();
    } finally {
      o.kill('SIGCONT');
      await kill(o);
    }
  });

  it('does not take over on a record of another lock, or from another pid namespace', async () => {
    const dir = await claudeDir();
    const c = await hold(dir);
    const r = await record(dir);
    await kill(c);
    // the record names an earlier lock: rewrite it with another birth time
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(dir, '.oauth_refresh.lock.owner'),
      JSON.stringify({ ...r, lockBirthtimeMs: (r?.lockBirthtimeMs ?? 1) - 1000 }),
    );
    assert.equal(await new NodeLocks().claudeRefresh(dir), null, 'a record of another lock proves nothing');

    const foreign = await claudeDir();
    const f = spawn(process.execPath, [HOLDER, foreign], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HOLDER_PID_SPACE: 'container-7#pid:[4026532000]' },
    });
    children.push(f);
    await new Promise<void>((res) =>
      f.stdout.on('data', (d: Buffer) => d.toString().includes('held') && res()),
    );
    await kill(f);
    assert.equal(
      await new NodeLocks().claudeRefresh(foreign),
      null,
      "another pid namespace's pid means nothing here",
    );
  });
});

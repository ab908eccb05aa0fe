import { readdirSync } from 'node:fs';
import { link, lstat, mkdir, open, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import { nodeCrypto } from './node-crypto.ts';
import { readRegularText } from './node-files.ts';
import type ProperLockfile from 'proper-lockfile';
import {
  judgeHeldRefreshLock,
  removeLockOwner,
  takeOverDeadHolder,
  writeLockOwner,
} from './claude-lock-owner.ts';
import type { LockHandle, Locks } from '../../ports/locks.ts';

const OPENCLAW_STALE_MS = 30_000;
/**
 * Claude Code's refresh lock: 2.1.1xx calls it stale after 10 s, 2.1.332 after 60 s and touches it
 * every 5 s while it holds it. Taking it with the newest staleness (never breaking a suspended
 * Claude Code's lock after 10 s) and touching it every 5 s keeps it fresh for the older rule too.
 */
const CLAUDE_REFRESH_STALE_MS = 60_000;
const CLAUDE_REFRESH_UPDATE_MS = 5_000;
const CLAUDE_STORAGE_STALE_MS = 15_000;

/**
 * proper-lockfile (with graceful-fs, retry and signal-exit) is loaded on the first Claude Code
 * lock, not at start-up: `status` and other reads never take one and should not pay for it.
 */
let properLockfile: Promise<typeof ProperLockfile> | null = null;
const lockfile = () => (properLockfile ??= import('proper-lockfile').then((m) => m.default));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

interface Holder {
  pid: number | null;
  ageMs: number;
  ino: number;
  dir: boolean;
}

/**
 * Who holds a lock at `path`. Content that does not parse (empty: a crash, or OpenClaw's own lock
 * in the instant between its create and its write; or anything else) counts as "no pid" and is
 * judged by its age alone. Only a small regular file is read: a lock symlinked to a device or
 * FIFO is never read from.
 */
async function holderOf(path: string): Promise<Holder | null> {
  try {
    const s = await lstat(path);
    if (s.isDirectory()) return { pid: null, ageMs: Date.now() - s.mtimeMs, ino: s.ino, dir: true };
    const text = s.isFile() ? await readRegularText(path, 4096).catch(() => null) : null;
    let data: { pid?: unknown; createdAt?: unknown } = {};
    try {
      const parsed = JSON.parse(text ?? '') as unknown;
      if (parsed && typeof parsed === 'object') data = parsed;
    } catch {
      /* unparseable: no pid, judged by age */
    }
    const created = typeof data.createdAt === 'string' ? Date.parse(data.createdAt) : s.mtimeMs;
    return {
      pid: typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0 ? data.pid : null,
      ageMs: Date.now() - (Number.isNaN(created) ? s.mtimeMs : Math.min(created, s.mtimeMs)),
      ino: s.ino,
      dir: false,
    };
  } catch (e: unknown) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

/** Removes a stale lock without ever removing a fresh one another process just created. */
async function breakStale(path: string, judged: Holder): Promise<void> {
  const aside = `${path}.stale-${nodeCrypto().randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // somebody else already broke it
  }
  const moved = await lstat(aside).catch(() => null);
  if (moved && moved.ino !== judged.ino && !moved.isDirectory()) {
    // we moved a fresh lock: put it back if the path is still free
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { recursive: true, force: true });
}

/**
 * Real lock protocols. OpenClaw's is implemented here (a small exclusive-create file);
 * Claude Code's uses the same `proper-lockfile` library with the same options Claude Code uses,
 * so the two are the same protocol rather than a re-implementation of it.
 */
export class NodeLocks implements Locks {
  constructor(private readonly onCompromised: (what: string) => void = () => undefined) {}

  async openclawStore(file: string, waitMs: number): Promise<LockHandle> {
    const path = `${file}.lock`;
    const deadline = Date.now() + waitMs;
    let last: Holder | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        const fh = await open(path, 'wx', 0o600);
        await fh.writeFile(JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString() }));
        await fh.close();
        const mine = await stat(path);
        return {
          release: async () => {
            const now = await stat(path).catch(() => null);
            if (now && now.ino === mine.ino) await unlink(path).catch(() => undefined);
          },
        };
      } catch (e: unknown) {
        if ((e as { code?: string }).code === 'ENOENT') {
          await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
          continue;
        }
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
      }
      last = await holderOf(path);
      if (!last) continue;
      const stale = last.ageMs > OPENCLAW_STALE_MS || (last.pid !== null && !pidAlive(last.pid));
      if (stale) {
        await breakStale(path, last);
        continue;
      }
      if (Date.now() >= deadline) {
        const who = last.pid !== null ? `process ${last.pid}` : 'another process';
        throw new AppError(
          'lock-busy',
          `${file} is locked by ${who} (held for ${Math.round(last.ageMs / 1000)} s); OpenClaw may be writing it, try again shortly`,
          { retryable: true },
        );
      }
      await sleep(Math.min(25 * 2 ** Math.min(attempt, 4), 250));
    }
  }

  async claudeRefresh(claudeDir: string): Promise<LockHandle | null> {
    const compromised = () => this.onCompromised('Claude Code refresh lock');
    const lockPath = join(claudeDir, '.oauth_refresh.lock');
    const real = await realpath(claudeDir).catch(() => claudeDir);
    // Claude Code 2.1.332's owner record: a recorded holder that is alive keeps its lock even past
    // the mtime rule (a suspended Claude Code); one proven gone is taken over at once, as Claude
    // Code does. Without a record (older releases) the mtime rule alone decides, as before.
    const held = await judgeHeldRefreshLock(claudeDir, lockPath);
    if (held?.verdict === 'holder-alive') return null;
    if (held?.verdict === 'holder-gone' && held.owner)
      await takeOverDeadHolder(claudeDir, lockPath, `${real}.lock`, {
        owner: held.owner,
        mtimeMs: held.mtimeMs,
      });
    let first: (() => Promise<void>) | null = null;
    try {
      // On disk this is Claude Code's lock (mkdir of `.oauth_refresh.lock`, mtime staleness). The
      // resource name differs from the legacy lock's so proper-lockfile's in-process registry,
      // keyed by resource, does not mix the two up.
      first = await (
        await lockfile()
      ).lock(join(claudeDir, '.oauth_refresh'), {
        lockfilePath: lockPath,
        stale: CLAUDE_REFRESH_STALE_MS,
        update: CLAUDE_REFRESH_UPDATE_MS,
        realpath: false,
        retries: 0,
        onCompromised: compromised,
      });
    } catch (e: unknown) {
      if ((e as { code?: string }).code === 'ELOCKED') return null;
      throw e;
    }
    try {
      const second = await (
        await lockfile()
      ).lock(real, {
        stale: CLAUDE_REFRESH_STALE_MS,
        update: CLAUDE_REFRESH_UPDATE_MS,
        realpath: false,
        retries: 0,
        onCompromised: compromised,
      });
      const birth = await writeLockOwner(claudeDir, lockPath, `${real}.lock`);
      return {
        release: async () => {
          // the record goes first: a record outliving its lock would name a lock nobody holds
          if (birth !== null) await removeLockOwner(claudeDir, birth).catch(() => undefined);
          await second().catch(() => undefined);
          await first?.().catch(() => undefined);
        },
      };
    } catch (e: unknown) {
      await first().catch(() => undefined);
      if ((e as { code?: string }).code === 'ELOCKED') return null;
      throw e;
    }
  }

  /**
   * Removes OpenClaw store locks (`<file>.lock` in `dirs`) whose holder is a dead process on this
   * machine: OpenClaw's own rule breaks them on the next write; this clears the ones a killed run
   * left on files nothing writes again soon. Locks without a pid are left to the age rule, and
   * any lock younger than 5 s is left alone.
   */
  async clearDeadOpenClawLocks(dirs: readonly string[]): Promise<number> {
    let n = 0;
    // one scan at start-up of a folder per agent: a blocking readdir is a few µs, a thread-pool
    // trip per folder cost 30 ms at 1,000 agents
    for (const dir of dirs)
      for (const name of listOrEmpty(dir)) {
        if (!name.endsWith('.json.lock')) continue;
        const path = join(dir, name);
        const holder = await holderOf(path).catch(() => null);
        // a few seconds of grace: a pid from another pid namespace (a container) looks dead here
        if (!holder || holder.dir || holder.pid === null || holder.ageMs < 5_000 || pidAlive(holder.pid))
          continue;
        await breakStale(path, holder);
        n++;
      }
    return n;
  }

  async clearStaleClaude(claudeDir: string): Promise<void> {
    const real = await realpath(claudeDir).catch(() => claudeDir);
    const exists = (p: string) =>
      lstat(p).then(
        () => true,
        () => false,
      );
    if ((await exists(join(claudeDir, '.oauth_refresh.lock'))) || (await exists(`${real}.lock`)))
      await (await this.claudeRefresh(claudeDir).catch(() => null))?.release();
    if (await exists(join(claudeDir, '.storage-write.lock')))
      await (await this.claudeStorage(claudeDir, 0).catch(() => null))?.release();
  }

  async claudeStorage(claudeDir: string, waitMs: number): Promise<LockHandle> {
    const retries = Math.max(1, Math.ceil(waitMs / 100));
    try {
      const release = await (
        await lockfile()
      ).lock(join(claudeDir, '.storage-write'), {
        stale: CLAUDE_STORAGE_STALE_MS,
        realpath: false,
        retries: { retries, minTimeout: 50, maxTimeout: 100, factor: 1.2 },
        onCompromised: () => this.onCompromised('Claude Code storage lock'),
      });
      return { release: () => release().catch(() => undefined) };
    } catch (e: unknown) {
      if ((e as { code?: string }).code === 'ELOCKED')
        throw new AppError(
          'lock-busy',
          `Claude Code is writing its credentials (storage lock held) — try again shortly`,
          { retryable: true, cause: e },
        );
      throw e;
    }
  }
}

function listOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

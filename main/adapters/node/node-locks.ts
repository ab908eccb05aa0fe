import { link, mkdir, open, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../../core/kernel/errors.ts';
import type { LockHandle, Locks } from '../../ports/locks.ts';

const OPENCLAW_STALE_MS = 30_000;
const CLAUDE_REFRESH_STALE_MS = 10_000;
const CLAUDE_STORAGE_STALE_MS = 15_000;

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

async function holderOf(path: string): Promise<Holder | null> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return { pid: null, ageMs: Date.now() - s.mtimeMs, ino: s.ino, dir: true };
    const data = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as {
      pid?: unknown;
      createdAt?: unknown;
    };
    const created = typeof data.createdAt === 'string' ? Date.parse(data.createdAt) : s.mtimeMs;
    return {
      pid: typeof data.pid === 'number' ? data.pid : null,
      ageMs: Date.now() - (Number.isNaN(created) ? s.mtimeMs : created),
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
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // somebody else already broke it
  }
  const moved = await stat(aside).catch(() => null);
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
    let first: (() => Promise<void>) | null = null;
    try {
      // On disk this is Claude Code's lock (mkdir of `.oauth_refresh.lock`, mtime staleness). The
      // resource name differs from the legacy lock's so proper-lockfile's in-process registry,
      // keyed by resource, does not mix the two up.
      first = await lockfile.lock(join(claudeDir, '.oauth_refresh'), {
        lockfilePath: join(claudeDir, '.oauth_refresh.lock'),
        stale: CLAUDE_REFRESH_STALE_MS,
        realpath: false,
        retries: 0,
        onCompromised: compromised,
      });
    } catch (e: unknown) {
      if ((e as { code?: string }).code === 'ELOCKED') return null;
      throw e;
    }
    try {
      const real = await realpath(claudeDir).catch(() => claudeDir);
      const second = await lockfile.lock(real, {
        stale: CLAUDE_REFRESH_STALE_MS,
        realpath: false,
        retries: 0,
        onCompromised: compromised,
      });
      return {
        release: async () => {
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

  async claudeStorage(claudeDir: string, waitMs: number): Promise<LockHandle> {
    const retries = Math.max(1, Math.ceil(waitMs / 100));
    try {
      const release = await lockfile.lock(join(claudeDir, '.storage-write'), {
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

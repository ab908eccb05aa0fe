import { lstat, readdir, readFile, readlink, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  LOCK_OWNER_FILE,
  LOCK_OWNER_MAX_BYTES,
  judgeLockOwner,
  parseLockOwner,
  type LockOwner,
  type LockOwnerVerdict,
} from '../../core/formats/claude-lock-owner.ts';
import { readRegularText } from './node-files.ts';
import { nodeCrypto } from './node-crypto.ts';

/**
 * The owner record beside Claude Code's refresh lock, written and judged the way Claude Code
 * 2.1.332 does (core/formats/claude-lock-owner.ts has the format and the rule).
 */

const isLinux = process.platform === 'linux';
let identity: Promise<{ pidDomain: string; pidSpace: string }> | null = null;

/** This process's pid domain and pid space, as Claude Code names them (cached, like Claude Code). */
export function pidIdentity(): Promise<{ pidDomain: string; pidSpace: string }> {
  identity ??= (async () => {
    const ns = isLinux ? await readlink('/proc/self/ns/pid').catch(() => '') : '';
    let pidDomain: string;
    if (process.platform === 'win32') pidDomain = `linux:${hostname().toLowerCase()}`;
    else if (!isLinux)
      pidDomain = 'linux'; // what Claude Code writes on macOS too
    else {
      const machine = await readFile('/etc/machine-id', 'utf8').then(
        (t) => t.trim(),
        () => '',
      );
      pidDomain = `linux:${machine}:${ns}`;
    }
    return { pidDomain, pidSpace: `${hostname()}${ns === '' ? '' : `#${ns}`}` };
  })();
  return identity;
}

/** A process's start time as Claude Code records it (Linux: field 22 of /proc/<pid>/stat), or undefined. */
export async function procStartOf(pid: number): Promise<string | undefined> {
  if (!isLinux || !Number.isInteger(pid) || pid <= 1) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

async function processState(pid: number): Promise<string | undefined> {
  if (!isLinux) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
}

/** Linux: only a process that sees /proc as its own pid namespace can prove a pid gone. */
async function pidViewTrusted(): Promise<boolean> {
  if (!isLinux) return true;
  if ((await readlink('/proc/self').catch(() => null)) !== String(process.pid)) return false;
  const entries = await readdir('/proc').catch(() => null);
  return entries !== null && entries.filter((n) => /^\d+$/.test(n)).length >= 16;
}

async function holderGone(owner: LockOwner): Promise<boolean> {
  const { pid } = owner;
  if (!Number.isInteger(pid) || pid <= 1 || pid > 2_147_483_647) return false;
  try {
    process.kill(pid, 0);
  } catch (e: unknown) {
    if ((e as { code?: string }).code === 'ESRCH') return true;
  }
  const state = await processState(pid);
  if (state === 'Z' || state === 'X') return true;
  if (owner.procStart === undefined) return false;
  const now = await procStartOf(pid);
  return now !== undefined && now !== owner.procStart;
}

const birthOf = (path: string) =>
  lstat(path).then(
    (s) => ({ birthtimeMs: s.birthtimeMs, mtimeMs: s.mtimeMs }),
    () => null,
  );

export async function readLockOwner(claudeDir: string): Promise<LockOwner | null> {
  const text = await readRegularText(join(claudeDir, LOCK_OWNER_FILE), LOCK_OWNER_MAX_BYTES).catch(
    () => null,
  );
  return parseLockOwner(text);
}

/** What the owner record says about the refresh lock on disk now (null: nobody holds it). */
export async function judgeHeldRefreshLock(
  claudeDir: string,
  lockPath: string,
): Promise<{ verdict: LockOwnerVerdict; owner: LockOwner | null; mtimeMs: number } | null> {
  const lock = await birthOf(lockPath);
  if (!lock) return null;
  const owner = await readLockOwner(claudeDir);
  const id = await pidIdentity();
  const gone = owner ? await holderGone(owner) : false;
  const verdict = judgeLockOwner(owner, {
    lockBirthtimeMs: lock.birthtimeMs,
    ...id,
    pidViewTrusted: owner ? await pidViewTrusted() : true,
    holderGone: () => gone,
  });
  return { verdict, owner, mtimeMs: lock.mtimeMs };
}

/**
 * Claude Code's dead-holder takeover: removes a refresh lock (and the legacy lock the record says
 * the holder took) whose recorded holder is proven gone, only if the lock is still the very one
 * the record names and nobody touched it since it was judged. True when it was removed.
 */
export async function takeOverDeadHolder(
  claudeDir: string,
  lockPath: string,
  legacyPath: string,
  judged: { owner: LockOwner; mtimeMs: number },
): Promise<boolean> {
  const same = async () => {
    const now = await birthOf(lockPath);
    return now?.mtimeMs === judged.mtimeMs && now.birthtimeMs === judged.owner.lockBirthtimeMs;
  };
  const legacy = await birthOf(legacyPath);
  // a legacy lock that is not the holder's belongs to somebody alive: leave both
  if (legacy && legacy.birthtimeMs !== judged.owner.legacyLockBirthtimeMs) return false;
  if (!(await same())) return false;
  if (legacy) await rmdir(legacyPath).catch(ignoreMissing);
  if (!(await same())) return false;
  await rmdir(lockPath).catch(ignoreMissing);
  const left = await readLockOwner(claudeDir);
  if (left?.pid === judged.owner.pid && left.lockBirthtimeMs === judged.owner.lockBirthtimeMs)
    await unlink(join(claudeDir, LOCK_OWNER_FILE)).catch(ignoreMissing);
  return true;
}

function ignoreMissing(e: unknown): void {
  if ((e as { code?: string }).code !== 'ENOENT') throw e;
}

/**
 * Writes this process's record after both refresh locks are taken (atomically, as Claude Code
 * does). Returns the lock's birth time to remove it by, or null when none was written (a
 * filesystem without birth times: Claude Code writes none there either).
 */
export async function writeLockOwner(
  claudeDir: string,
  lockPath: string,
  legacyPath: string | null,
): Promise<number | null> {
  try {
    const [lock, legacy, procStart, id] = await Promise.all([
      lstat(lockPath),
      legacyPath === null ? null : lstat(legacyPath),
      procStartOf(process.pid),
      pidIdentity(),
    ]);
    if (!(lock.birthtimeMs > 0)) return null;
    const record: LockOwner = {
      pid: process.pid,
      ...(procStart !== undefined ? { procStart } : {}),
      ...id,
      lockBirthtimeMs: lock.birthtimeMs,
      ...(legacy && legacy.birthtimeMs > 0 ? { legacyLockBirthtimeMs: legacy.birthtimeMs } : {}),
    };
    const path = join(claudeDir, LOCK_OWNER_FILE);
    const tmp = `${path}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(record), { mode: 0o600 });
    await rename(tmp, path).catch(async (e: unknown) => {
      await unlink(tmp).catch(() => undefined);
      throw e;
    });
    return lock.birthtimeMs;
  } catch {
    return null; // like Claude Code: the lock still works without a record
  }
}

/** Removes the record if it is still this process's for that lock (never another holder's). */
export async function removeLockOwner(claudeDir: string, lockBirthtimeMs: number): Promise<void> {
  const owner = await readLockOwner(claudeDir);
  if (owner === null || owner.pid !== process.pid || owner.lockBirthtimeMs !== lockBirthtimeMs) return;
  await unlink(join(claudeDir, LOCK_OWNER_FILE)).catch(() => undefined);
}

import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import type { WritableFiles } from '../../ports/files.ts';
import { nodeCrypto } from './node-crypto.ts';
import { NodeFiles } from './node-files.ts';
import {
  clearForeign,
  clearForeignSync,
  isInside,
  mkdirPrivate,
  readPrivateText,
  refusedError,
  type AsideListener,
  type PrivateFolderState,
} from './private-folder.ts';
import type { FileStat } from '../../ports/files.ts';
import { describeTrustProblem, trustFix, type TrustProblem } from '../../core/kernel/trust.ts';

/** `.<name>.ck-<12 hex>.tmp`: the only names `sweepTemps` ever removes. */
const TEMP_RE = /^\..+\.ck-[0-9a-f]{12}\.tmp$/;

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.ck-${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The mode a replaced file gets: its own, except that a file of ours that is looser than `wanted`
 * is tightened to `wanted`. Someone else's file keeps its mode exactly (a container's user may
 * need the group bit).
 */
export function keptMode(
  existing: { mode: number; uid: number },
  wanted: number,
  myUid: number | null,
): number {
  const looser = (existing.mode & ~wanted & 0o777) !== 0;
  return looser && (myUid === null || existing.uid === myUid) ? wanted : existing.mode & 0o7777;
}

const myUid = typeof process.getuid === 'function' ? process.getuid() : null;

/**
 * A new temp file (never an existing one) holding `content` with exactly `mode`, fsynced; `prepare`
 * runs before the mode is set (owner changes). On any failure the temp file is removed.
 */
async function writeSyncedTemp(
  tmp: string,
  content: string,
  mode: number,
  prepare?: (fh: FileHandle) => Promise<void>,
): Promise<void> {
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(content, 'utf8');
    await prepare?.(fh);
    await fh.chmod(mode);
    await fh.sync();
  } catch (e: unknown) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
}

/**
 * The real file system, with crash-safe writes (temp + fsync + rename + directory fsync). A
 * replaced file keeps its owner, group and mode: the temp file is chowned and chmodded to match
 * before the rename, so a root `sync` into a Docker bind mount leaves the container's file its own.
 */
export class NodeWritableFiles extends NodeFiles implements WritableFiles {
  #private: PrivateFolderState | null = null;
  #onAside: AsideListener = () => undefined;
  #receiver: ((path: string) => Promise<TrustProblem | null>) | null = null;

  /**
   * The trust rule for a file about to receive content (a token copy, a fix, a restore): a file
   * reached through another user's link or folder, or one others can change, is not written.
   */
  setReceiverCheck(check: (path: string) => Promise<TrustProblem | null>): void {
    this.#receiver = check;
  }

  /**
   * Makes `dir` (the data dir) private: nothing in it is followed through a link or taken from
   * another user (`private-folder.ts`); `refused` set: nothing in it is read, and writes fail
   * with the reason and the fix. `onAside` hears what was moved out of the way.
   */
  setPrivateFolder(state: PrivateFolderState, onAside?: AsideListener): void {
    this.#private = state;
    if (onAside) this.#onAside = onAside;
  }

  /** The private folder holding `path`, when there is one (Windows: none, no owners to check). */
  #privateFor(path: string): PrivateFolderState | null {
    const p = this.#private;
    return p && myUid !== null && isInside(p.dir, path) ? p : null;
  }

  #refuse(path: string): PrivateFolderState | null {
    const p = this.#privateFor(path);
    if (p?.refused) throw refusedError(p);
    return p;
  }

  override async readText(path: string): Promise<string | null> {
    const p = this.#privateFor(path);
    if (!p) return super.readText(path);
    if (p.refused) return null;
    return readPrivateText(path, p.uid, this.#onAside);
  }

  override async stat(path: string): Promise<FileStat | null> {
    return this.#privateFor(path)?.refused ? null : super.stat(path);
  }

  override async list(dir: string): Promise<string[] | null> {
    return this.#privateFor(dir)?.refused ? null : super.list(dir);
  }

  async writeAtomic(
    path: string,
    content: string,
    opts: { mode: number; exact?: boolean; visibleFirst?: boolean },
  ): Promise<void> {
    const own = this.#refuse(path);
    if (own) {
      // ours alone: a link or another user's file in its place is moved aside, never followed
      if (opts.visibleFirst) clearForeignSync(path, own.uid, this.#onAside);
      else await clearForeign(path, own.uid, this.#onAside);
    }
    if (opts.visibleFirst) return this.#writeVisibleFirst(path, content, opts.mode);
    const refused = own ? null : await this.#receiver?.(path);
    if (refused)
      throw new AppError(
        'untrusted',
        `${path} was not written: ${describeTrustProblem(refused)}, so what is written there could reach another user. Fix: ${trustFix(refused, myUid ?? 0)}`,
      );
    const target = own ? path : await realpath(path).catch(() => path);
    const dir = dirname(target);
    const before = await stat(target).catch(() => null);
    if (before && !before.isFile())
      throw new AppError('write-failed', `${target} is not a regular file; it was left untouched`);
    const mode = before && !opts.exact ? keptMode(before, opts.mode, myUid) : opts.mode;
    // a new file in another user's folder is theirs (the gateway runs as the folder's owner)
    const inherit = before ? null : await foreignOwner(dir);
    if (inherit && myUid !== 0) throw refusedIn(dir, inherit);
    const tmp = tempNameFor(target);
    await writeSyncedTemp(tmp, content, mode, async (fh) => {
      if (inherit) {
        const err = await fh.chown(inherit.uid, inherit.gid).then(
          () => null,
          (e: unknown) => e as { code?: string },
        );
        if (err) throw refusedIn(dir, inherit, err.code);
      }
      if (before && myUid !== null && (before.uid !== myUid || before.gid !== process.getgid?.())) {
        const err = await fh.chown(before.uid, before.gid).then(
          () => null,
          (e: unknown) => e as { code?: string },
        );
        // our own file in a group we cannot give away: only the group differs, keep going
        if (err && before.uid !== myUid)
          throw new AppError(
            'write-failed',
            `${target} belongs to uid ${before.uid}:${before.gid} and a replacement could not be given that owner (${err.code ?? 'error'}); run Clawkeeper as that user or as root. It was left untouched.`,
          );
      }
    });
    try {
      await rename(tmp, target);
    } catch (e: unknown) {
      await rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dir);
  }

  /**
   * For the refresh journal: the bytes are in place (temp + rename, synchronous calls, no event
   * loop turn in between) before the fsyncs, so a killed process has left the file within
   * microseconds; the fsyncs that follow make it survive a power loss too.
   */
  async #writeVisibleFirst(path: string, content: string, mode: number): Promise<void> {
    const tmp = tempNameFor(path);
    try {
      writeFileSync(tmp, content, { mode, flag: 'wx' });
      chmodSync(tmp, mode);
      renameSync(tmp, path);
    } catch (e: unknown) {
      await rm(tmp, { force: true });
      throw e;
    }
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await syncDir(dirname(path));
  }

  async writeNewFiles(
    dir: string,
    entries: readonly { name: string; content: string }[],
    mode: number,
  ): Promise<void> {
    this.#refuse(dir);
    const written = await Promise.allSettled(
      entries.map(async ({ name, content }) => {
        const tmp = tempNameFor(join(dir, name));
        await writeSyncedTemp(tmp, content, mode);
        return tmp;
      }),
    );
    const temps = written.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : []));
    const failed = written.find((w) => w.status === 'rejected');
    try {
      if (failed) throw failed.reason;
      for (const [i, { name }] of entries.entries()) {
        await rename(temps[i]!, join(dir, name));
        temps[i] = '';
      }
    } catch (e: unknown) {
      await Promise.all(temps.filter((t) => t !== '').map((t) => rm(t, { force: true })));
      throw e;
    }
    await syncDir(dir);
  }

  async sweepTemps(dir: string, olderThanMs: number): Promise<number> {
    if (this.#privateFor(dir)?.refused) return 0;
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    const now = Date.now();
    for (const name of names) {
      if (!TEMP_RE.test(name)) continue;
      const p = join(dir, name);
      const s = await lstat(p).catch(() => null);
      if (!s?.isFile() || now - s.mtimeMs < olderThanMs) continue;
      await rm(p, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Creates `dir` and its missing parents. Inside another user's folder the new folders are
   * given that owner and group (as root), or nothing is created at all (as anyone else): a
   * folder the gateway's user cannot enter would hide the store written in it.
   */
  async mkdirp(dir: string, mode: number): Promise<void> {
    const own = this.#refuse(dir);
    if (own) {
      await mkdir(dirname(own.dir), { recursive: true, mode: 0o700 });
      await mkdirPrivate(own.dir, dir, own.uid, this.#onAside);
      return;
    }
    const missing: string[] = [];
    let at = dir;
    while (!(await stat(at).catch(() => null))) {
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
    if (missing.length === 0) return;
    const inherit = await foreignOwner(at);
    if (inherit && myUid !== 0) throw refusedIn(at, inherit);
    await mkdir(dir, { recursive: true, mode });
    if (inherit) for (const d of missing) await chown(d, inherit.uid, inherit.gid);
  }

  async remove(path: string): Promise<void> {
    if (this.#privateFor(path)?.refused) return;
    await rm(path, { force: true, recursive: true });
  }

  async chmod(path: string, mode: number): Promise<void> {
    // nothing in the data dir is chmodded through a link or for another user
    const own = this.#refuse(path);
    if (own && (await clearForeign(path, own.uid, this.#onAside))) return;
    await chmod(path, mode);
  }
}

/** The owner of `dir` when it is another user (so what is created in it must become theirs). */
async function foreignOwner(dir: string): Promise<{ uid: number; gid: number } | null> {
  if (myUid === null) return null;
  const s = await stat(dir).catch(() => null);
  return s && s.uid !== myUid ? { uid: s.uid, gid: s.gid } : null;
}

function refusedIn(dir: string, owner: { uid: number; gid: number }, code?: string): AppError {
  return new AppError(
    'write-failed',
    `${dir} belongs to uid ${owner.uid}:${owner.gid}, and a file created there by uid ${myUid ?? '?'} could not be given that owner${code ? ` (${code})` : ''}, so that user's gateway could not read it; nothing was created. Run Clawkeeper as uid ${owner.uid} or as root.`,
  );
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

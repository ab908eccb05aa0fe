import { constants, lstatSync, renameSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rename } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import { describeTrustProblem, trustFix, type TrustProblem } from '../../core/kernel/trust.ts';
import type { PathTrust } from '../../ports/trust.ts';
import { bufferFor, decodeStrict, grew, MAX_READ_BYTES } from './node-files.ts';

/**
 * Clawkeeper's own folder (the data dir: refresh journal, lineage, alert state, backups, logs,
 * probes, sightings, rejected logins). Nobody else may put anything there: files are opened
 * without following links (O_NOFOLLOW) and checked on the descriptor (type, owner); a link, or a
 * file or folder of another user, is moved aside (`<name>.untrusted-<time>`), never read, written
 * or chmodded. A folder of ours that is looser than 0700 is tightened; a data dir that cannot be
 * trusted (another user's, under a folder others can change) is refused as a whole: nothing in it
 * is read, and writes say why.
 */
export interface PrivateFolderState {
  readonly dir: string;
  /** why the folder is refused (its contents are neither read nor written), else null */
  readonly refused: TrustProblem | null;
  readonly uid: number;
}

/** Told when something that was not ours was moved out of the way. */
export type AsideListener = (from: string, to: string, why: string) => void;

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | NOFOLLOW;

/** Whether `path` is the folder or inside it. */
export function isInside(dir: string, path: string): boolean {
  // the common case without normalising: most paths asked about are nowhere near the data dir
  if (
    isAbsolute(path) &&
    !path.includes('..') &&
    !path.includes(sep + '.' + sep) &&
    !path.includes(sep + sep)
  )
    return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const rel = relative(dir, resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

export const asideName = (path: string, now = Date.now()) => `${path}.untrusted-${now}`;

/**
 * Checks the data dir at start: a folder of ours looser than 0700 is tightened (said through
 * `tightened`), a missing one is fine (made 0700 on first write); anything else is refused.
 */
export async function securePrivateFolder(
  dir: string,
  trust: PathTrust,
): Promise<{ refused: TrustProblem | null; tightened: string | null }> {
  const v = await trust.check(dir, 'dir');
  if (v.trusted) return { refused: null, tightened: null };
  const p = v.problem;
  if (p.kind === 'writable' && p.path === resolve(dir) && p.uid === trust.uid) {
    await chmod(dir, 0o700);
    const again = await trust.check(dir, 'dir');
    return { refused: again.trusted ? null : again.problem, tightened: dir };
  }
  return { refused: p, tightened: null };
}

/** The error every write into a refused data dir gets: what is wrong and the fix, once per message. */
export function refusedError(state: PrivateFolderState): AppError {
  const p = state.refused!;
  return new AppError(
    'untrusted',
    `Clawkeeper's data folder ${state.dir} is not used: ${describeTrustProblem(p)}. Fix: ${trustFix(p, state.uid)}, or set CLAWKEEPER_DATA_DIR to a folder of your own`,
  );
}

/** What `lstat` says is not ours to touch: a link, not a plain file or folder, another user's. */
function notOurs(
  s: { isSymbolicLink(): boolean; isFile(): boolean; isDirectory(): boolean; uid: number },
  uid: number,
): string | null {
  if (s.isSymbolicLink()) return 'a link';
  if (s.uid !== uid) return `it belongs to uid ${s.uid}`;
  if (!s.isFile() && !s.isDirectory()) return 'not a regular file';
  return null;
}

/** Moves an entry that is not ours aside (synchronous: the journal's write path has no await). */
export function clearForeignSync(path: string, uid: number, onAside: AsideListener): void {
  let s;
  try {
    s = lstatSync(path);
  } catch {
    return;
  }
  const why = notOurs(s, uid);
  if (why === null) return;
  const to = asideName(path);
  renameSync(path, to);
  onAside(path, to, why);
}

/** The async twin of `clearForeignSync`; true when something was moved. */
export async function clearForeign(path: string, uid: number, onAside: AsideListener): Promise<boolean> {
  const s = await lstat(path).catch(() => null);
  if (!s) return false;
  const why = notOurs(s, uid);
  if (why === null) return false;
  const to = asideName(path);
  await rename(path, to);
  onAside(path, to, why);
  return true;
}

/**
 * Reads a file of the data dir: without following a link, checked on the descriptor. Null when it
 * is missing, or was not ours (then it has been moved aside).
 */
export async function readPrivateText(
  path: string,
  uid: number,
  onAside: AsideListener,
): Promise<string | null> {
  let fh;
  try {
    fh = await open(path, READ_FLAGS);
  } catch (e: unknown) {
    const code = (e as { code?: string } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    // a link (O_NOFOLLOW): not ours to follow
    if (code === 'ELOOP' || code === 'EMLINK') {
      await clearForeign(path, uid, onAside);
      return null;
    }
    throw e;
  }
  try {
    const st = await fh.stat();
    if (st.uid !== uid || !st.isFile()) {
      await fh.close();
      fh = null;
      await clearForeign(path, uid, onAside);
      return null;
    }
    const buf = bufferFor(path, st, MAX_READ_BYTES);
    let n = 0;
    for (let got = -1; got !== 0;) {
      got = (await fh.read(buf, n, buf.length - n, n)).bytesRead;
      n = grew(path, n + got, buf, MAX_READ_BYTES);
    }
    return decodeStrict(path, buf.subarray(0, n));
  } finally {
    await fh?.close();
  }
}

/**
 * Makes `dir` (inside the private folder `root`) and every folder between: each one ours and 0700;
 * a link or another user's folder on the way is moved aside and made afresh.
 */
export async function mkdirPrivate(
  root: string,
  dir: string,
  uid: number,
  onAside: AsideListener,
): Promise<void> {
  const chain: string[] = [];
  for (let d = resolve(dir); isInside(root, d); d = dirname(d)) {
    chain.unshift(d);
    if (d === resolve(root)) break;
  }
  for (const d of chain) {
    await clearForeign(d, uid, onAside);
    await mkdir(d, { mode: 0o700 }).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    });
    const s = await lstat(d);
    if (!s.isDirectory() || s.uid !== uid)
      throw new AppError('untrusted', `${d} is not a folder of yours; it was left alone`);
    if ((s.mode & 0o077) !== 0) await chmod(d, 0o700);
  }
}

const ASIDE = /\.untrusted-\d+$/;

/**
 * The data folder's own folders and what sits in them, as the start finds them: a folder that is a
 * link or another user's is moved aside and made afresh, a loose one of ours tightened (told to
 * `onTightened`); in `scan` folders every entry not ours (a planted journal, a log file linked
 * elsewhere) is moved aside before anything reads it.
 */
export async function tidyPrivateFolder(
  root: string,
  uid: number,
  subfolders: readonly string[],
  scan: readonly string[],
  onAside: AsideListener,
  onTightened: (dir: string) => void,
): Promise<void> {
  for (const sub of subfolders) {
    const dir = join(root, sub);
    const before = await lstat(dir).catch(() => null);
    if (!before) continue;
    await mkdirPrivate(root, dir, uid, onAside).catch(() => undefined);
    if (before.isDirectory() && before.uid === uid && (before.mode & 0o077) !== 0) onTightened(dir);
  }
  for (const dir of [root, ...scan.map((s) => join(root, s))])
    for (const name of await readdir(dir).catch(() => [] as string[]))
      if (!ASIDE.test(name)) await clearForeign(join(dir, name), uid, onAside).catch(() => false);
}

/** What was moved aside (`<name>.untrusted-<time>`) and is still in the folder or its `subfolders`. */
export async function movedAside(root: string, subfolders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of [root, ...subfolders.map((s) => join(root, s))])
    for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => ASIDE.test(n)))
      found.push(join(dir, name));
  return found;
}

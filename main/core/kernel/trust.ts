/**
 * The one trust rule, modelled on OpenSSH's StrictModes (`safe_path`) and sudo's secure-path
 * checks: a path may steer a secret (or receive one) only when nobody but the user and root can
 * change what it names. Pure: the adapter (`adapters/node/trust.ts`) walks the real file system
 * with `lstat` and asks these functions about each step.
 *
 * - The path names a regular file (or folder, where a folder is wanted) owned by the user or root,
 *   not writable by group or others.
 * - Every folder above it, up to `/`, is owned by the user or root and not writable by group or
 *   others. A sticky world-writable folder owned by root (`/tmp`) is crossed only into a folder
 *   owned by the user or root (the kernel lets nobody else rename or remove that folder); it is
 *   never itself the folder a trusted file or folder sits in, nor a trusted folder.
 * - Each symlink on the way is owned by the user or root, and its target is checked the same way.
 */

/** What `lstat` says about one path, as the policy needs it. */
export interface PathFacts {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  readonly uid: number;
  /** permission bits including setuid/setgid/sticky (mode & 0o7777) */
  readonly mode: number;
}

/** What the caller wants the path to be. `program`: a file to execute. */
export type TrustWant = 'file' | 'dir' | 'program';

export type TrustProblem =
  /** the path, or a folder or link on the way, belongs to another user */
  | {
      readonly kind: 'foreign-owner';
      readonly path: string;
      readonly uid: number;
      readonly what: PathFacts['type'];
    }
  /** the path itself can be changed by group or others */
  | {
      readonly kind: 'writable';
      readonly path: string;
      readonly mode: number;
      readonly uid: number;
      readonly what: PathFacts['type'];
    }
  /** a folder above it can be changed by group or others */
  | { readonly kind: 'loose-parent'; readonly path: string; readonly mode: number; readonly uid: number }
  /** not what was wanted (a FIFO, a folder where a file should be, a file on the way) */
  | {
      readonly kind: 'wrong-type';
      readonly path: string;
      readonly what: PathFacts['type'];
      readonly want: TrustWant;
    }
  /** a link loop or too many links */
  | { readonly kind: 'too-many-links'; readonly path: string }
  /** could not be looked at (permission denied on the way, an I/O error) */
  | { readonly kind: 'unreadable'; readonly path: string; readonly code: string };

/** The verdict on one path. `exists` false: nothing there yet, the folders above are safe to create it in. */
export type TrustVerdict =
  | { readonly trusted: true; readonly path: string; readonly exists: boolean }
  | {
      readonly trusted: false;
      readonly path: string;
      /** the first problem on the way */
      readonly problem: TrustProblem;
      /** more on the way, when the first is a mode the user can tighten (fixed in one pass) */
      readonly also?: readonly TrustProblem[];
    };

export const MAX_LINK_HOPS = 40;

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/**
 * The owners a path may have: the user, root, and for a file that receives a token, the owner of
 * the OpenClaw state folder it belongs to (a gateway in a container runs as uid 1000 on a bind
 * mount: that user is the one the copy is for).
 */
export interface Owners {
  readonly uid: number;
  readonly also?: number | null;
}

/** Owned by the user, root, or the one other owner the caller accepts. */
export function ownerOk(facts: Pick<PathFacts, 'uid'>, owners: number | Owners): boolean {
  const o = typeof owners === 'number' ? { uid: owners } : owners;
  return facts.uid === o.uid || facts.uid === 0 || (o.also != null && facts.uid === o.also);
}

/** Writable by group or others. */
export function looseMode(mode: number): boolean {
  return (mode & GROUP_OR_OTHER_WRITE) !== 0;
}

/**
 * Whether `parent` (a folder, already found trusted as a folder on the way) may hold `child`.
 * `child` null: a name that does not exist yet, to be created by us.
 */
export function containerProblem(
  parent: PathFacts,
  child: PathFacts | null,
  uid: number | Owners,
): TrustProblem | null {
  if (!looseMode(parent.mode)) return null;
  const sticky = (parent.mode & STICKY) !== 0 && ownerOk(parent, uid);
  // a sticky folder (/tmp) keeps only the folders of the user or root out of other hands
  if (sticky && child !== null && child.type === 'dir' && ownerOk(child, uid)) return null;
  return { kind: 'loose-parent', path: parent.path, mode: parent.mode, uid: parent.uid };
}

/** Whether one entry on the way (a folder crossed, or a link followed) is acceptable itself. */
export function stepProblem(facts: PathFacts, uid: number | Owners): TrustProblem | null {
  if (!ownerOk(facts, uid))
    return { kind: 'foreign-owner', path: facts.path, uid: facts.uid, what: facts.type };
  return null;
}

/** Whether the final entry is what was wanted and safe. */
export function finalProblem(facts: PathFacts, want: TrustWant, uid: number | Owners): TrustProblem | null {
  const typeOk = want === 'dir' ? facts.type === 'dir' : facts.type === 'file';
  if (!typeOk) return { kind: 'wrong-type', path: facts.path, what: facts.type, want };
  if (!ownerOk(facts, uid))
    return { kind: 'foreign-owner', path: facts.path, uid: facts.uid, what: facts.type };
  if (looseMode(facts.mode))
    return { kind: 'writable', path: facts.path, mode: facts.mode, uid: facts.uid, what: facts.type };
  return null;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');
const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;

/** What the user can change themselves (`doctor --fix`): a loose mode on something they own. */
export interface TrustTightening {
  readonly path: string;
  readonly mode: number;
}

/** The one tightening that fixes this problem, when it is on something the user owns; else null. */
export function tighteningFor(p: TrustProblem, uid: number): TrustTightening | null {
  if (p.kind !== 'writable' && p.kind !== 'loose-parent') return null;
  // root's files are root's to fix, unless root is the one running
  if (p.uid !== uid) return null;
  return { path: p.path, mode: p.mode & ~GROUP_OR_OTHER_WRITE };
}

/** One line saying what is wrong, without the consequence (the caller says what is not used). */
export function describeTrustProblem(p: TrustProblem): string {
  switch (p.kind) {
    case 'foreign-owner':
      return `${p.path} ${p.what === 'symlink' ? 'is a link that ' : ''}belongs to another user (uid ${p.uid})`;
    case 'writable':
      return `${p.path} can be changed by other users (mode ${octal(p.mode)})`;
    case 'loose-parent':
      return `the folder ${p.path} above it can be changed by other users (mode ${octal(p.mode)}${p.uid === 0 ? ', owned by root' : ''})`;
    case 'wrong-type':
      return `${p.path} is ${p.what === 'dir' ? 'a folder' : p.what === 'file' ? 'a file' : p.what === 'symlink' ? 'a link' : 'not a regular file'}, not the ${p.want === 'dir' ? 'folder' : 'file'} it should be`;
    case 'too-many-links':
      return `${p.path} goes through more than ${MAX_LINK_HOPS} links (a loop?)`;
    case 'unreadable':
      return `${p.path} cannot be checked (${p.code})`;
  }
}

/** The exact command (or step) that makes the path trusted again. */
export function trustFix(p: TrustProblem, uid: number): string {
  const tight = tighteningFor(p, uid);
  if (tight) return `chmod ${octal(tight.mode)} ${q(tight.path)} (\`clawkeeper doctor --fix\`)`;
  switch (p.kind) {
    case 'writable':
    case 'loose-parent':
      return `ask whoever administers this machine to run \`sudo chmod go-w ${q(p.path)}\`${p.uid === 0 ? '' : ` (it belongs to uid ${p.uid})`}, or use a path of your own`;
    case 'foreign-owner':
      return p.what === 'dir'
        ? `use a folder of your own instead (Clawkeeper never takes over another user's folder); read what is in ${q(p.path)} before using any of it`
        : `remove it or replace it with a copy of your own after reading it: \`mv ${q(p.path)} ${q(p.path + '.untrusted')} && cp ${q(p.path + '.untrusted')} ${q(p.path)}\` (Clawkeeper never chowns another user's file)`;
    case 'wrong-type':
      return `replace ${q(p.path)} with the ${p.want === 'dir' ? 'folder' : 'file'} it should be`;
    case 'too-many-links':
      return `point ${q(p.path)} at the real file`;
    case 'unreadable':
      return `make ${q(p.path)} and the folders above it readable by you`;
  }
}

import { lstatSync, readlinkSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import {
  containerProblem,
  finalProblem,
  MAX_LINK_HOPS,
  stepProblem,
  type Owners,
  type PathFacts,
  type TrustProblem,
  type TrustVerdict,
  type TrustWant,
} from '../../core/kernel/trust.ts';
import type { PathTrust } from '../../ports/trust.ts';

function typeOf(s: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): PathFacts['type'] {
  return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
}

function factsOf(path: string): PathFacts | null | { error: string } {
  try {
    const s = lstatSync(path);
    return { path, type: typeOf(s), uid: s.uid, mode: s.mode & 0o7777 };
  } catch (e: unknown) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return null;
    return { error: typeof code === 'string' ? code : 'error' };
  }
}

const parts = (p: string) => p.split(sep).filter((x) => x !== '' && x !== '.');

/**
 * The trust rule on the real file system: walks the path from `/` with `lstat`, never following
 * a link before its owner and folder were checked, and re-walks each link's target. Windows has
 * no owners in the POSIX sense: every path is trusted there (its ACLs are the profile's own).
 */
export class NodePathTrust implements PathTrust {
  readonly uid: number | null;
  /** lstat results kept for the life of a batch (one report's checks share their folders) */
  readonly #memo: Map<string, PathFacts | null | { error: string }> | null;

  constructor(
    uid: number | null = typeof process.getuid === 'function' ? process.getuid() : null,
    memo: Map<string, PathFacts | null | { error: string }> | null = null,
  ) {
    this.uid = uid;
    this.#memo = memo;
  }

  /** The same rule, each path looked at once for the batch's life (a report over 1,000 stores). */
  batch(): PathTrust {
    return new NodePathTrust(this.uid, new Map());
  }

  #facts(path: string): PathFacts | null | { error: string } {
    if (!this.#memo) return factsOf(path);
    let f = this.#memo.get(path);
    if (f === undefined) this.#memo.set(path, (f = factsOf(path)));
    return f;
  }

  check(
    path: string,
    want: TrustWant,
    opts: { alsoOwner?: number | null; anyFileOwner?: boolean } = {},
  ): Promise<TrustVerdict> {
    return Promise.resolve(this.checkNow(path, want, opts));
  }

  /**
   * `check`, done at once: a walk is a handful of `lstat` calls on metadata the kernel has cached,
   * cheaper than a thread-pool trip each (a report over 1,000 stores walks 1,000 paths).
   */
  checkNow(
    path: string,
    want: TrustWant,
    opts: { alsoOwner?: number | null; anyFileOwner?: boolean } = {},
  ): TrustVerdict {
    const abs = resolve(path);
    if (this.uid === null) return { trusted: true, path: abs, exists: true };
    const walked = this.#walk(
      abs,
      want,
      { uid: this.uid, also: opts.alsoOwner ?? null },
      opts.anyFileOwner ?? false,
    );
    const [problem, ...also] = walked.problems;
    if (problem) return { trusted: false, path: abs, problem, ...(also.length ? { also } : {}) };
    return { trusted: true, path: abs, exists: !walked.missing };
  }

  /**
   * The problems on the way, in order. A mode the user can tighten (their own folder or file
   * writable by others) is noted and the walk goes on, so `doctor --fix` can tighten them all in
   * one pass; anything else ends the walk.
   */
  #walk(
    abs: string,
    want: TrustWant,
    uid: Owners,
    anyFileOwner: boolean,
  ): { problems: TrustProblem[]; missing: boolean } {
    const problems: TrustProblem[] = [];
    const stop = (p: TrustProblem) => ({ problems: [...problems, p], missing: false });
    const ownLoose = (p: TrustProblem) =>
      (p.kind === 'loose-parent' || p.kind === 'writable') && p.uid === uid.uid;
    const root = this.#facts(sep);
    if (root === null || 'error' in root) return stop({ kind: 'unreadable', path: sep, code: 'ENOENT' });
    const rootOwner = stepProblem(root, uid);
    if (rootOwner) return stop(rootOwner);
    let cur: PathFacts = root;
    let pending = parts(abs);
    let hops = 0;
    if (pending.length === 0) {
      const p = finalProblem(root, want, uid);
      return p ? stop(p) : { problems, missing: false };
    }
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '..') {
        // only from a link's target: the folder above, checked again on the way down
        const up = resolve(cur.path, '..');
        const f = this.#facts(up);
        if (f === null || 'error' in f)
          return stop({ kind: 'unreadable', path: up, code: f ? f.error : 'ENOENT' });
        cur = f;
        continue;
      }
      // `name` has no separator: a plain join, no normalising per step
      const next = cur.path === sep ? sep + name : cur.path + sep + name;
      const f = this.#facts(next);
      if (f !== null && 'error' in f) return stop({ kind: 'unreadable', path: next, code: f.error });
      const last = pending.length === 0;
      // who owns it says more than where it sits (a folder planted in /tmp by another user)
      // a receiving file may be anyone's (a replacement keeps its owner): what matters is who could
      // have put it there, which the folders and links above it say
      const anyOwner = last && f?.type === 'file' && anyFileOwner;
      const own = f !== null && f.type !== 'other' && !anyOwner ? stepProblem(f, uid) : null;
      if (own) return stop(own);
      const container = containerProblem(cur, f, uid);
      if (container && !ownLoose(container)) return stop(container);
      if (container && !problems.some((p) => p.path === container.path)) problems.push(container);
      // nothing there yet: the folder it would be made in keeps others out (checked just above)
      if (f === null) return { problems, missing: true };
      if (f.type === 'symlink') {
        if (++hops > MAX_LINK_HOPS) return stop({ kind: 'too-many-links', path: abs });
        let target: string;
        try {
          target = readlinkSync(next);
        } catch (e: unknown) {
          const code = (e as { code?: unknown } | null)?.code;
          return stop({ kind: 'unreadable', path: next, code: typeof code === 'string' ? code : 'error' });
        }
        if (isAbsolute(target)) cur = root;
        pending = [...parts(target), ...pending];
        continue;
      }
      if (last) {
        const p = finalProblem(f, want, anyOwner ? { uid: f.uid } : uid);
        return p
          ? ownLoose(p)
            ? { problems: [...problems, p], missing: false }
            : stop(p)
          : { problems, missing: false };
      }
      if (f.type !== 'dir') return stop({ kind: 'wrong-type', path: next, what: f.type, want: 'dir' });
      // a folder crossed must itself keep others out (a sticky one only around folders of ours)
      cur = f;
    }
    return { problems, missing: false };
  }
}

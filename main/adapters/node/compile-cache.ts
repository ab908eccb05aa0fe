import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import nodeModule from 'node:module';

/** `module.enableCompileCache`, which Node 20 lacks (and @types/node 20 does not declare). */
type EnableCompileCache = (dir: string) => { status: number; message?: string };

/**
 * Turns on Node's on-disk compile cache (Node ≥ 22.1) in `dir`, so later runs skip parsing and
 * compiling the bundle's chunks. The directory must be ours alone: it is created 0700, and one
 * that is a symlink, owned by another user or open to others (after a chmod of our own) is not
 * used. Any failure, or a Node without the API, leaves everything as it was, silently.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off (Node's own switch).
 * Returns whether the cache was enabled.
 */
export function enableCompileCache(dir: string): boolean {
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return false;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (typeof process.getuid === 'function') {
      if (st.uid !== process.getuid()) return false;
      if ((st.mode & 0o077) !== 0) {
        chmodSync(dir, 0o700);
        st = lstatSync(dir);
        if (!st.isDirectory() || (st.mode & 0o077) !== 0) return false;
      }
    }
    // status 1 is ENABLED, 2 ALREADY_ENABLED (module.constants.compileCacheStatus)
    const { status } = enable(dir);
    return status === 1 || status === 2;
  } catch {
    return false;
  }
}

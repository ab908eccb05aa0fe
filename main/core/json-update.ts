import type { Backups } from '../ports/backups.ts';
import type { WritableFiles } from '../ports/files.ts';
import type { Locks } from '../ports/locks.ts';
import { AppError } from './errors.ts';

export interface JsonUpdateDeps {
  readonly files: WritableFiles;
  readonly locks: Locks;
  readonly backups: Backups;
}

export type JsonUpdateResult = { changed: false } | { changed: true; backupId: string | null };

/**
 * Read-merge-write of a JSON store OpenClaw also writes, under OpenClaw's lock: re-read inside
 * the lock, let `mutate` change a copy (returning false means nothing to do), back up the old
 * bytes, write atomically with mode 0600. A file that does not parse is never written.
 */
export async function updateJsonFile<T>(
  deps: JsonUpdateDeps,
  path: string,
  parse: (text: string) => { ok: true; value: T } | { ok: false; error: string },
  mutate: (current: T | null) => T | false,
  opts: {
    reason: string;
    lockWaitMs?: number;
    format?: (value: T) => string;
    raw?: (text: string) => unknown;
  },
): Promise<JsonUpdateResult> {
  const lock = await deps.locks.openclawStore(path, opts.lockWaitMs ?? 10_000);
  try {
    const text = await deps.files.readText(path);
    let current: T | null = null;
    if (text !== null) {
      const parsed = parse(text);
      if (!parsed.ok)
        throw new AppError(
          'unreadable',
          `${path} could not be parsed (${parsed.error}); it was left untouched`,
        );
      // mutate the document as written (key order kept), now that it is known to be valid
      current = (opts.raw ?? JSON.parse)(text) as T;
    }
    const next = mutate(current);
    if (next === false) return { changed: false };
    const out = opts.format ? opts.format(next) : JSON.stringify(next, null, 2) + '\n';
    if (out === text) return { changed: false };
    const backup = text === null ? null : await deps.backups.save(path, text, opts.reason);
    await deps.files.writeAtomic(path, out, { mode: 0o600 });
    return { changed: true, backupId: backup?.id ?? null };
  } finally {
    await lock.release();
  }
}

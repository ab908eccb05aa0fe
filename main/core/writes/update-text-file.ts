import type { Backups } from '../../ports/backups.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { Locks } from '../../ports/locks.ts';
import { AppError } from '../kernel/errors.ts';

export interface JsonUpdateDeps {
  readonly files: WritableFiles;
  readonly locks: Locks;
  readonly backups: Backups;
}

export type JsonUpdateResult = { changed: false } | { changed: true; backupId: string | null };

/**
 * Read-modify-write of a user's text file under OpenClaw's lock protocol (`<file>.lock`):
 * re-read inside the lock, let `mutate` produce the new text (false: nothing to do), back up
 * the old bytes, write atomically with mode 0600.
 */
export async function updateTextFile(
  deps: JsonUpdateDeps,
  path: string,
  mutate: (current: string | null) => string | false,
  opts: { reason: string; lockWaitMs?: number },
): Promise<JsonUpdateResult> {
  const lock = await deps.locks.openclawStore(path, opts.lockWaitMs ?? 10_000);
  try {
    const text = await deps.files.readText(path);
    const out = mutate(text);
    if (out === false || out === text) return { changed: false };
    const backup = text === null ? null : await deps.backups.save(path, text, opts.reason);
    await deps.files.writeAtomic(path, out, { mode: 0o600 });
    return { changed: true, backupId: backup?.id ?? null };
  } finally {
    await lock.release();
  }
}

/**
 * The same for a JSON store OpenClaw also writes: the document is validated with `parse`, then
 * `mutate` changes it as written (key order kept; false means nothing to do). A file that does
 * not parse is never written.
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
  return updateTextFile(
    deps,
    path,
    (text) => {
      let current: T | null = null;
      if (text !== null) {
        const parsed = parse(text);
        if (!parsed.ok)
          throw new AppError(
            'unreadable',
            `${path} could not be parsed (${parsed.error}); it was left untouched`,
          );
        current = (opts.raw ?? JSON.parse)(text) as T;
      }
      const next = mutate(current);
      if (next === false) return false;
      return opts.format ? opts.format(next) : JSON.stringify(next, null, 2) + '\n';
    },
    opts,
  );
}

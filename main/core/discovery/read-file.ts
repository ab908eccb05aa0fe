import type { Files } from '../../ports/files.ts';
import { AppError } from '../kernel/errors.ts';
import type { Parsed } from '../formats/parse.ts';
import type { Read } from './inventory.ts';

/** Reads and parses one file: missing, unreadable (with why, never rewritten) or parsed. */
export async function readParsed<T>(
  files: Files,
  path: string,
  parse: (text: string) => Parsed<T>,
): Promise<Read<T>> {
  let text: string | null;
  try {
    text = await files.readText(path);
  } catch (e: unknown) {
    // a FIFO, device, oversized or non-UTF-8 file: unreadable, and so never written
    if (e instanceof AppError && e.code === 'unreadable')
      return { status: 'unreadable', path, error: e.message, stat: null };
    // one bad file is one `unreadable` entry with its path and the reason, never a crash
    const stat = await files.stat(path).catch(() => null);
    return { status: 'unreadable', path, error: readFailure(e), stat };
  }
  if (text === null) return { status: 'missing', path };
  const stat = await files.stat(path).catch(() => null);
  const parsed = parse(text);
  return parsed.ok
    ? { status: 'ok', path, value: parsed.value, stat }
    : { status: 'unreadable', path, error: parsed.error, stat };
}

const READ_FAILURES: Record<string, string> = {
  EACCES: 'permission denied (check its owner and mode; Docker bind mounts are often uid 1000)',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ELOOP: 'a symlink loop',
  ENOTDIR: 'a parent path is not a directory',
  EIO: 'an I/O error',
};

function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && READ_FAILURES[code]) return READ_FAILURES[code];
  return typeof code === 'string' ? `cannot be read (${code})` : 'cannot be read';
}

/**
 * Looking around never fails on one odd path (a symlink loop, a directory without permission):
 * `stat` and `list` see it as absent; reading a store still reports it `unreadable` with the reason.
 */
export function tolerant(files: Files): Files {
  return {
    readText: (p) => files.readText(p),
    stat: (p) => files.stat(p).catch(() => null),
    list: (p) => files.list(p).catch(() => null),
    canWrite: (p) => files.canWrite(p).catch(() => false),
    realPath: (p) => files.realPath(p).catch(() => p),
  };
}

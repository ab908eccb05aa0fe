import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import { access, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import type { FileStat, Files } from '../../ports/files.ts';

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** No credential or config file is anywhere near this; a bigger file is not read at all. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The checks both readers make once the file is open: a regular file, under the size cap. */
export function bufferFor(path: string, s: Stats, maxBytes: number): Buffer {
  if (!s.isFile())
    throw new AppError(
      'unreadable',
      `${path} is not a regular file (${s.isDirectory() ? 'a directory' : s.isFIFO() ? 'a FIFO' : s.isSocket() ? 'a socket' : 'a device'}); replace it with the file it should be`,
    );
  if (s.size > maxBytes)
    throw new AppError(
      'unreadable',
      `${path} is ${s.size} bytes, over the ${maxBytes}-byte limit for a credential or config file; it was not read`,
    );
  // one byte more than the file: a read that fills it means the file grew meanwhile
  return Buffer.allocUnsafe(Math.min(s.size, maxBytes) + 1);
}

/** Counts bytes read into `buf`; the file may not grow past the buffer while it is read. */
export function grew(path: string, n: number, buf: Buffer, maxBytes: number): number {
  if (n >= buf.length)
    throw new AppError('unreadable', `${path} grew past the ${maxBytes}-byte limit while it was read`);
  return n;
}

export function decodeStrict(path: string, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError(
      'unreadable',
      `${path} is not valid UTF-8; it was left untouched (save it as UTF-8 to let Clawkeeper read it)`,
    );
  }
}

/**
 * Reads a regular file as strict UTF-8. A FIFO, device or socket is refused without opening it
 * for a blocking read (O_NONBLOCK, then fstat); a file over `maxBytes` or with invalid UTF-8 is
 * `unreadable`, so the caller leaves it untouched. Null when the path does not exist.
 */
export async function readRegularText(path: string, maxBytes = MAX_READ_BYTES): Promise<string | null> {
  let fh;
  try {
    fh = await open(path, OPEN_FLAGS);
  } catch (e: unknown) {
    if (isMissing(e)) return null;
    throw e;
  }
  try {
    const buf = bufferFor(path, await fh.stat(), maxBytes);
    let n = 0;
    for (let got = -1; got !== 0;) {
      got = (await fh.read(buf, n, buf.length - n, n)).bytesRead;
      n = grew(path, n + got, buf, maxBytes);
    }
    return decodeStrict(path, buf.subarray(0, n));
  } finally {
    await fh.close();
  }
}

/** `readRegularText` in blocking calls: the same checks and errors, without a thread-pool trip per step. */
export function readRegularTextSync(path: string, maxBytes = MAX_READ_BYTES): string | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e: unknown) {
    if (isMissing(e)) return null;
    throw e;
  }
  try {
    const buf = bufferFor(path, fstatSync(fd), maxBytes);
    let n = 0;
    for (let got = -1; got !== 0;) {
      got = readSync(fd, buf, n, buf.length - n, n);
      n = grew(path, n + got, buf, maxBytes);
    }
    return decodeStrict(path, buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * The real file system (read side). `blocking` (the CLI and its daemon, which have no window to
 * keep responsive) reads, stats and lists with blocking calls: for the small files Clawkeeper
 * reads, a thread-pool trip per step cost more than the work (1,000-agent status: 960 → 570 ms
 * CPU). The tray app keeps the non-blocking calls, so its menus never wait on a disk.
 */
export class NodeFiles implements Files {
  readonly #blocking: boolean;

  constructor(opts: { blocking?: boolean } = {}) {
    this.#blocking = opts.blocking ?? false;
  }

  async readText(path: string): Promise<string | null> {
    return this.#blocking ? readRegularTextSync(path) : readRegularText(path);
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = this.#blocking ? statSync(path, { throwIfNoEntry: false }) : await stat(path);
      if (s === undefined) return null;
      return {
        isFile: s.isFile(),
        isDirectory: s.isDirectory(),
        mode: s.mode & 0o777,
        uid: s.uid,
        gid: s.gid,
        mtimeMs: s.mtimeMs,
        size: s.size,
      };
    } catch (e: unknown) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async list(dir: string): Promise<string[] | null> {
    try {
      return this.#blocking ? readdirSync(dir) : await readdir(dir);
    } catch (e: unknown) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async realPath(path: string): Promise<string> {
    try {
      return await realpath(path);
    } catch {
      const dir = await realpath(dirname(path)).catch(() => null);
      return dir === null ? path : join(dir, basename(path));
    }
  }

  async canWrite(path: string): Promise<boolean> {
    try {
      await access(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}

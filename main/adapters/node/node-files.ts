import { constants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import type { FileStat, Files } from '../../ports/files.ts';

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The real file system (read side). */
export class NodeFiles implements Files {
  async readText(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (e: unknown) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = await stat(path);
      return {
        isFile: s.isFile(),
        isDirectory: s.isDirectory(),
        mode: s.mode & 0o777,
        uid: s.uid,
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
      return await readdir(dir);
    } catch (e: unknown) {
      if (isMissing(e)) return null;
      throw e;
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

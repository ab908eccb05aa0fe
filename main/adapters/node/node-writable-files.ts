import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { WritableFiles } from '../../ports/files.ts';
import { NodeFiles } from './node-files.ts';

/** The real file system, with crash-safe writes (temp + fsync + rename + directory fsync). */
export class NodeWritableFiles extends NodeFiles implements WritableFiles {
  async writeAtomic(path: string, content: string, opts: { mode: number }): Promise<void> {
    const target = await realpath(path).catch(() => path);
    const dir = dirname(target);
    const tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', opts.mode);
    try {
      await fh.writeFile(content, 'utf8');
      await fh.chmod(opts.mode);
      await fh.sync();
    } catch (e: unknown) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    try {
      await rename(tmp, target);
    } catch (e: unknown) {
      await rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dir);
  }

  async mkdirp(dir: string, mode: number): Promise<void> {
    await mkdir(dir, { recursive: true, mode });
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true, recursive: true });
  }

  async chmod(path: string, mode: number): Promise<void> {
    await chmod(path, mode);
  }
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

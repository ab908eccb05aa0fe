import type { BackupRecord } from '../../ports/backups.ts';
import { AppError } from '../kernel/errors.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';

/**
 * Puts a backup's bytes back under OpenClaw's lock for that file (so no OpenClaw write
 * interleaves); the backups port saves the current bytes first, so a restore can be undone.
 */
export async function restoreBackup(writer: JsonUpdateDeps, id: string): Promise<BackupRecord> {
  const record = (await writer.backups.list()).find((r) => r.id === id);
  if (!record) throw new AppError('not-found', `no backup with id ${id} (see \`clawkeeper backup list\`)`);
  const lock = await writer.locks.openclawStore(record.file, 10_000);
  try {
    return await writer.backups.restore(id);
  } finally {
    await lock.release();
  }
}

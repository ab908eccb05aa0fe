import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import type { BackupRecord, Backups } from '../../ports/backups.ts';
import type { Clock } from '../../ports/clock.ts';
import type { WritableFiles } from '../../ports/files.ts';

/**
 * Backups in `<data dir>/backups` (0700): one 0600 file per backup and an index. The oldest
 * are dropped beyond `keep`. Restoring backs up the current bytes first, so it can be undone.
 */
export class FileBackups implements Backups {
  constructor(
    private readonly files: WritableFiles,
    private readonly clock: Clock,
    private readonly dir: string,
    private readonly keep = 200,
  ) {}

  private get index(): string {
    return join(this.dir, 'index.json');
  }

  async list(): Promise<BackupRecord[]> {
    const text = await this.files.readText(this.index);
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? (parsed as BackupRecord[]) : [];
    } catch {
      return [];
    }
  }

  async save(
    file: string,
    content: string,
    reason: string,
    opts: { mode?: number } = {},
  ): Promise<BackupRecord> {
    await this.files.mkdirp(this.dir, 0o700);
    await this.files.chmod(this.dir, 0o700);
    const now = this.clock.now();
    const id = `${new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '').replace('Z', '')}-${randomBytes(3).toString('hex')}`;
    const record: BackupRecord = {
      id,
      createdAt: now,
      file,
      reason,
      size: Buffer.byteLength(content),
      sha256: createHash('sha256').update(content).digest('hex'),
      ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
    };
    await this.files.writeAtomic(join(this.dir, `${id}.bak`), content, { mode: 0o600 });
    const all = [...(await this.list()), record];
    const dropped = all.splice(0, Math.max(0, all.length - this.keep));
    await this.files.writeAtomic(this.index, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    for (const d of dropped) await this.files.remove(join(this.dir, `${d.id}.bak`));
    return record;
  }

  async restore(id: string): Promise<BackupRecord> {
    const record = (await this.list()).find((r) => r.id === id);
    if (!record) throw new AppError('not-found', `no backup with id ${id} (see \`clawkeeper backup list\`)`);
    const saved = await readFile(join(this.dir, `${id}.bak`), 'utf8').catch(() => null);
    if (saved === null)
      throw new AppError('not-found', `the bytes of backup ${id} are missing from ${this.dir}`);
    if (createHash('sha256').update(saved).digest('hex') !== record.sha256)
      throw new AppError('unreadable', `backup ${id} does not match its checksum; refusing to restore it`);
    const current = await this.files.readText(record.file);
    const mode = (await this.files.stat(record.file))?.mode;
    if (current !== null)
      await this.save(record.file, current, `before restore of ${id}`, mode !== undefined ? { mode } : {});
    await this.files.writeAtomic(record.file, saved, { mode: record.mode ?? 0o600 });
    return record;
  }
}

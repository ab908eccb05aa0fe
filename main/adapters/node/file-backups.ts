import { join } from 'node:path';
import { AppError } from '../../core/kernel/errors.ts';
import { nodeCrypto } from './node-crypto.ts';
import type { BackupRecord, Backups } from '../../ports/backups.ts';
import type { Clock } from '../../ports/clock.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { Locks } from '../../ports/locks.ts';

const DAY = 86_400_000;

/** How many backups of each file are kept: the last `keepLast` and all from the last `keepDays`. */
export interface RetentionPolicy {
  readonly keepLast: number;
  readonly keepDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 10, keepDays: 30 };

/** Backups taken before a change a human asked for: never dropped by retention. */
export function isProtectedReason(reason: string): boolean {
  return !reason.startsWith('sync');
}

const sha = (s: string) => nodeCrypto().createHash('sha256').update(s).digest('hex');
const BAK = /^(\d{8}T\d{9}-[0-9a-f]{6})\.bak$/;
const META = /^(\d{8}T\d{9}-[0-9a-f]{6})\.json$/;

/**
 * Which records retention keeps: per file, the last `keepLast`, everything younger than
 * `keepDays`, the file's first backup, and every protected one (before a fix, paste, replace
 * or restore).
 */
export function retained(all: readonly BackupRecord[], now: number, policy: RetentionPolicy): Set<string> {
  const keep = new Set<string>();
  const byFile = new Map<string, BackupRecord[]>();
  for (const r of all) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  for (const list of byFile.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    list.forEach((r, i) => {
      if (
        i === 0 ||
        i >= list.length - policy.keepLast ||
        now - r.createdAt < policy.keepDays * DAY ||
        r.protected
      )
        keep.add(r.id);
    });
  }
  return keep;
}

/**
 * Backups in `<data dir>/backups` (0700): per backup a 0600 `<id>.bak` with the bytes and an
 * `<id>.json` with its record, plus `index.json` listing them all. The index is written under a
 * lock and atomically; one that does not parse is rebuilt from the records beside the bytes,
 * never replaced by an empty one. Restoring backs up the current bytes first, so it can be undone.
 */
export class FileBackups implements Backups {
  constructor(
    private readonly files: WritableFiles,
    private readonly clock: Clock,
    private readonly dir: string,
    private readonly locks: Locks,
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
  ) {}

  private get index(): string {
    return join(this.dir, 'index.json');
  }

  /** The index as written, or null when it is missing or does not parse. */
  private async readIndex(): Promise<BackupRecord[] | null> {
    const text = await this.files.readText(this.index).catch(() => null);
    if (text === null) return null;
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? (parsed as BackupRecord[]) : null;
    } catch {
      return null;
    }
  }

  /**
   * Every backup there is: the index joined with the records beside the bytes (a backup whose
   * index entry was lost is found again); entries whose bytes are gone are left out.
   */
  private async scan(): Promise<{ records: BackupRecord[]; orphans: string[]; indexOk: boolean }> {
    const names = (await this.files.list(this.dir)) ?? [];
    const baks = new Set(names.flatMap((n) => BAK.exec(n)?.[1] ?? []));
    const indexed = await this.readIndex();
    const byId = new Map<string, BackupRecord>();
    for (const r of indexed ?? []) if (baks.has(r.id)) byId.set(r.id, r);
    const orphans: string[] = [];
    for (const n of names) {
      const id = META.exec(n)?.[1];
      if (!id) continue;
      if (!baks.has(id)) {
        orphans.push(n);
        continue;
      }
      if (byId.has(id)) continue;
      const text = await this.files.readText(join(this.dir, n)).catch(() => null);
      try {
        byId.set(id, JSON.parse(text ?? '') as BackupRecord);
      } catch {
        /* a record that does not parse: the bytes are still listed below */
      }
    }
    for (const id of baks)
      if (!byId.has(id)) {
        const bytes = await this.files.readText(join(this.dir, `${id}.bak`)).catch(() => null);
        byId.set(id, {
          id,
          createdAt:
            Date.parse(
              `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}.${id.slice(15, 18)}Z`,
            ) || 0,
          file: '(unknown: its record was lost)',
          reason: 'found without a record',
          size: bytes === null ? 0 : Buffer.byteLength(bytes),
          sha256: bytes === null ? '' : sha(bytes),
          protected: true,
        });
      }
    const records = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const indexOk = indexed !== null && indexed.length === records.length;
    return { records, orphans, indexOk };
  }

  /** Every backup, oldest first; an index that is corrupt or misses some is rebuilt on the way. */
  async list(): Promise<BackupRecord[]> {
    if ((await this.files.list(this.dir)) === null) return [];
    const { records, indexOk } = await this.scan();
    if (!indexOk && records.length > 0) await this.rebuildIndex().catch(() => 0);
    return records;
  }

  private async underLock<T>(fn: () => Promise<T>): Promise<T> {
    await this.files.mkdirp(this.dir, 0o700);
    await this.files.chmod(this.dir, 0o700);
    const lock = await this.locks.openclawStore(this.index, 30_000);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  async save(
    file: string,
    content: string,
    reason: string,
    opts: { mode?: number } = {},
  ): Promise<BackupRecord> {
    return this.underLock(async () => {
      await this.files.sweepTemps(this.dir, 60_000).catch(() => 0);
      const { records, orphans } = await this.scan();
      const hash = sha(content);
      // identical bytes of the same file were already saved last time: no second copy
      const last = records.filter((r) => r.file === file).at(-1);
      if (last && last.sha256 === hash && (opts.mode === undefined || last.mode === opts.mode)) return last;
      const now = this.clock.now();
      const id = `${new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '').replace('Z', '')}-${nodeCrypto().randomBytes(3).toString('hex')}`;
      const record: BackupRecord = {
        id,
        createdAt: now,
        file,
        reason,
        size: Buffer.byteLength(content),
        sha256: hash,
        ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
        protected: isProtectedReason(reason) || !records.some((r) => r.file === file),
      };
      await this.files.writeAtomic(join(this.dir, `${id}.bak`), content, { mode: 0o600, exact: true });
      await this.files.writeAtomic(join(this.dir, `${id}.json`), JSON.stringify(record) + '\n', {
        mode: 0o600,
        exact: true,
      });
      const all = [...records, record];
      const keep = retained(all, now, this.policy);
      const kept = all.filter((r) => keep.has(r.id));
      await this.files.writeAtomic(this.index, JSON.stringify(kept, null, 2) + '\n', {
        mode: 0o600,
        exact: true,
      });
      for (const r of all)
        if (!keep.has(r.id)) {
          await this.files.remove(join(this.dir, `${r.id}.bak`));
          await this.files.remove(join(this.dir, `${r.id}.json`));
        }
      for (const o of orphans) await this.files.remove(join(this.dir, o));
      return record;
    });
  }

  /** Rebuilds the index from the records beside the bytes (under the lock); returns how many it lists. */
  async rebuildIndex(): Promise<number> {
    return this.underLock(async () => {
      const { records, orphans } = await this.scan();
      await this.files.writeAtomic(this.index, JSON.stringify(records, null, 2) + '\n', {
        mode: 0o600,
        exact: true,
      });
      for (const o of orphans) await this.files.remove(join(this.dir, o));
      return records.length;
    });
  }

  async restore(id: string): Promise<BackupRecord> {
    const record = (await this.list()).find((r) => r.id === id);
    if (!record) throw new AppError('not-found', `no backup with id ${id} (see \`clawkeeper backup list\`)`);
    if (record.file.startsWith('(unknown'))
      throw new AppError(
        'not-found',
        `backup ${id} lost its record, so where it belongs is unknown; its bytes are in ${join(this.dir, `${id}.bak`)}`,
      );
    const saved = await this.files.readText(join(this.dir, `${id}.bak`)).catch(() => null);
    if (saved === null)
      throw new AppError('not-found', `the bytes of backup ${id} are missing from ${this.dir}`);
    if (sha(saved) !== record.sha256)
      throw new AppError('unreadable', `backup ${id} does not match its checksum; refusing to restore it`);
    const current = await this.files.readText(record.file);
    const mode = (await this.files.stat(record.file))?.mode;
    if (current === saved && (record.mode === undefined || record.mode === mode)) return record;
    if (current !== null)
      await this.save(record.file, current, `before restore of ${id}`, mode !== undefined ? { mode } : {});
    await this.files.writeAtomic(
      record.file,
      saved,
      record.mode !== undefined ? { mode: record.mode, exact: true } : { mode: 0o600 },
    );
    return record;
  }
}

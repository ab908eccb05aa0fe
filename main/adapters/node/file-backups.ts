import { join } from 'node:path';
import { nodeCrypto } from './node-crypto.ts';
import { AppError } from '../../core/kernel/errors.ts';
import type { BackupRecord, Backups } from '../../ports/backups.ts';
import type { Clock } from '../../ports/clock.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { Locks } from '../../ports/locks.ts';
import { DEFAULT_RETENTION, isProtectedReason, retained, type RetentionPolicy } from './backup-retention.ts';

export { DEFAULT_RETENTION, isProtectedReason, retained, type RetentionPolicy } from './backup-retention.ts';

const sha = (s: string) => nodeCrypto().createHash('sha256').update(s).digest('hex');
const BAK = /^(\d{8}T\d{9}-[0-9a-f]{6})\.bak$/;
const META = /^(\d{8}T\d{9}-[0-9a-f]{6})\.json$/;
/** the reason of a record made up for bytes found without one */
const FOUND = 'found without a record';

/** Saves made inside `batch()`: the records as loaded once, and the ones this batch added. */
interface Batch {
  depth: number;
  records: Promise<BackupRecord[]> | null;
  readonly added: BackupRecord[];
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
   * index entry was lost is found again; `known` records need no read); entries whose bytes are
   * gone are left out. An entry made up for bytes without a record gives way to the record once
   * it exists (another run listed the bytes in the instant before their record was written).
   */
  private async scan(
    known: ReadonlyMap<string, BackupRecord> = new Map(),
  ): Promise<{ records: BackupRecord[]; orphans: string[]; indexOk: boolean }> {
    const names = (await this.files.list(this.dir)) ?? [];
    const baks = new Set(names.flatMap((n) => BAK.exec(n)?.[1] ?? []));
    const metas = new Set(names.flatMap((n) => META.exec(n)?.[1] ?? []));
    const indexed = await this.readIndex();
    const byId = new Map<string, BackupRecord>();
    for (const [id, r] of known) if (baks.has(id)) byId.set(id, r);
    let healed = false;
    for (const r of indexed ?? []) {
      if (!baks.has(r.id) || byId.has(r.id)) continue;
      if (r.reason === FOUND && metas.has(r.id)) healed = true;
      else byId.set(r.id, r);
    }
    const orphans: string[] = [];
    for (const id of metas) {
      if (!baks.has(id)) {
        orphans.push(`${id}.json`);
        continue;
      }
      if (byId.has(id)) continue;
      const text = await this.files.readText(join(this.dir, `${id}.json`)).catch(() => null);
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
          reason: FOUND,
          size: bytes === null ? 0 : Buffer.byteLength(bytes),
          sha256: bytes === null ? '' : sha(bytes),
          protected: true,
        });
      }
    const records = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const indexOk = !healed && indexed !== null && indexed.length === records.length;
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

  /**
   * The record a save of `content` makes, or the last one of `file` when it holds these very
   * bytes (no second copy).
   */
  private recordFor(
    records: readonly BackupRecord[],
    file: string,
    content: string,
    reason: string,
    mode: number | undefined,
  ): { record: BackupRecord; fresh: boolean } {
    const hash = sha(content);
    let last: BackupRecord | undefined;
    for (const r of records) if (r.file === file) last = r;
    if (last && last.sha256 === hash && (mode === undefined || last.mode === mode))
      return { record: last, fresh: false };
    const now = this.clock.now();
    const id = `${new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '').replace('Z', '')}-${nodeCrypto().randomBytes(3).toString('hex')}`;
    const record: BackupRecord = {
      id,
      createdAt: now,
      file,
      reason,
      size: Buffer.byteLength(content),
      sha256: hash,
      ...(mode !== undefined ? { mode } : {}),
      protected: isProtectedReason(reason) || last === undefined,
    };
    return { record, fresh: true };
  }

  /** The bytes first, then their record: a record never exists without its bytes. */
  private async writeBackup(record: BackupRecord, content: string): Promise<void> {
    await this.files.writeNewFiles(
      this.dir,
      [
        { name: `${record.id}.bak`, content },
        { name: `${record.id}.json`, content: JSON.stringify(record) + '\n' },
      ],
      0o600,
    );
  }

  /** Writes the index of what retention keeps and removes the rest (called under the lock). */
  private async commit(all: readonly BackupRecord[], orphans: readonly string[]): Promise<void> {
    const keep = retained(all, this.clock.now(), this.policy);
    await this.files.writeAtomic(
      this.index,
      JSON.stringify(
        all.filter((r) => keep.has(r.id)),
        null,
        2,
      ) + '\n',
      { mode: 0o600, exact: true },
    );
    for (const r of all)
      if (!keep.has(r.id)) {
        await this.files.remove(join(this.dir, `${r.id}.bak`));
        await this.files.remove(join(this.dir, `${r.id}.json`));
      }
    for (const o of orphans) await this.files.remove(join(this.dir, o));
  }

  async save(
    file: string,
    content: string,
    reason: string,
    opts: { mode?: number } = {},
  ): Promise<BackupRecord> {
    if (this.#batch) return this.saveInBatch(this.#batch, file, content, reason, opts.mode);
    return this.underLock(async () => {
      await this.files.sweepTemps(this.dir, 60_000).catch(() => 0);
      const { records, orphans } = await this.scan();
      const { record, fresh } = this.recordFor(records, file, content, reason, opts.mode);
      if (!fresh) return record;
      await this.writeBackup(record, content);
      await this.commit([...records, record], orphans);
      return record;
    });
  }

  #batch: Batch | null = null;

  async batch<T>(fn: () => Promise<T>): Promise<T> {
    const b = (this.#batch ??= { depth: 0, records: null, added: [] });
    b.depth++;
    try {
      return await fn();
    } finally {
      if (--b.depth === 0) {
        this.#batch = null;
        // a failure here loses nothing: the records are beside the bytes, the next save or list
        // indexes them
        if (b.added.length > 0) await this.flush(b.added).catch(() => undefined);
      }
    }
  }

  /**
   * A save inside a batch: the records are read once per batch (under the lock); the bytes and
   * record are written without it (new names nobody else writes) and indexed when the batch ends.
   */
  private async saveInBatch(
    b: Batch,
    file: string,
    content: string,
    reason: string,
    mode: number | undefined,
  ): Promise<BackupRecord> {
    b.records ??= this.underLock(async () => {
      await this.files.sweepTemps(this.dir, 60_000).catch(() => 0);
      return (await this.scan()).records;
    }).catch((e: unknown) => {
      b.records = null;
      throw e;
    });
    const records = await b.records;
    const { record, fresh } = this.recordFor([...records, ...b.added], file, content, reason, mode);
    if (!fresh) return record;
    await this.writeBackup(record, content);
    b.added.push(record);
    return record;
  }

  /** Indexes what a batch saved, and applies retention, in one write under the lock. */
  private async flush(added: readonly BackupRecord[]): Promise<void> {
    await this.underLock(async () => {
      const { records, orphans } = await this.scan(new Map(added.map((r) => [r.id, r])));
      await this.commit(records, orphans);
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

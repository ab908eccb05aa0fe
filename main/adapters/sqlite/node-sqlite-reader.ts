import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqliteRead, SqliteReader, SqliteSnapshot } from '../../ports/sqlite.ts';

/** The part of `node:sqlite` used here (the project's @types/node predates it). */
interface Statement {
  get(...params: Array<string | number>): Record<string, unknown> | undefined;
  all(...params: Array<string | number>): Array<Record<string, unknown>>;
}
interface Database {
  prepare(sql: string): Statement;
  close(): void;
}
interface SqliteModule {
  DatabaseSync: new (path: string | URL, opts: { readOnly: boolean; timeout?: number }) => Database;
}

/** Node version where `node:sqlite` is unflagged and has the `timeout` option and URL paths. */
const NEEDS = '22.16';

/**
 * Loads `node:sqlite` lazily (Node ≥ 22.16, Electron ≥ 37) with its one-off
 * ExperimentalWarning kept off the user's terminal.
 */
async function loadSqlite(): Promise<SqliteModule | string> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 16))
    return `Node ${process.versions.node} has no built-in SQLite (needs Node ≥ ${NEEDS})`;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- restored unchanged below
  const emit = process.emitWarning;
  const filtered = (warning: string | Error, ...rest: unknown[]): void => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite/i.test(text)) return;
    Reflect.apply(emit, process, [warning, ...rest]);
  };
  process.emitWarning = filtered;
  try {
    // a variable specifier: the type checker's @types/node predates node:sqlite
    const specifier = 'node:sqlite';
    // eslint-disable-next-line clawkeeper/layering -- node:sqlite only, held in a variable (above)
    return (await import(specifier)) as SqliteModule;
  } catch {
    return `Node ${process.versions.node} could not load its built-in SQLite (node:sqlite)`;
  } finally {
    process.emitWarning = emit;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function fingerprint(path: string): Promise<string> {
  const parts = await Promise.all(
    [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].map((p) =>
      stat(p).then(
        (s) => `${s.size}:${s.mtimeMs}:${s.ino}`,
        () => '-',
      ),
    ),
  );
  return parts.join('|');
}

function snapshot(db: Database): SqliteSnapshot {
  return {
    columns(table) {
      const rows = db.prepare('SELECT name FROM pragma_table_info(?)').all(table);
      return rows.length ? rows.map((r) => String(r.name)) : null;
    },
    get(sql, ...params) {
      return db.prepare(sql).get(...params);
    },
  };
}

/**
 * Reads a database OpenClaw owns without changing anything beside it:
 * - no `-wal`/`-shm` beside it (checkpointed, nobody has it open in WAL mode): open it
 *   `immutable=1` (no locks, no side files), then check nothing changed while reading, else retry;
 * - both present (a live WAL database): an ordinary read-only connection with a short busy
 *   timeout, which reads through the WAL and takes only shared read locks;
 * - only one of them: copy the database and its WAL to a private temp folder and read the copy.
 */
export class NodeSqliteReader implements SqliteReader {
  #mod: Promise<SqliteModule | string> | null = null;

  constructor(private readonly opts: { busyTimeoutMs: number } = { busyTimeoutMs: 250 }) {}

  async unavailable(): Promise<string | null> {
    this.#mod ??= loadSqlite();
    const m = await this.#mod;
    return typeof m === 'string' ? m : null;
  }

  async read<T>(path: string, fn: (db: SqliteSnapshot) => T): Promise<SqliteRead<T>> {
    this.#mod ??= loadSqlite();
    const mod = await this.#mod;
    if (typeof mod === 'string') return { ok: false, error: mod };
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const [wal, shm] = await Promise.all([exists(`${path}-wal`), exists(`${path}-shm`)]);
        if (wal && shm) return { ok: true, value: this.#once(mod, path, fn) };
        if (wal || shm) return { ok: true, value: await this.#viaCopy(mod, path, wal, fn) };
        const before = await fingerprint(path);
        const url = pathToFileURL(path);
        url.searchParams.set('immutable', '1');
        let value: T;
        try {
          value = this.#once(mod, url, fn);
        } catch (e: unknown) {
          if ((await fingerprint(path)) !== before) continue; // written meanwhile: read again
          throw e;
        }
        if ((await fingerprint(path)) === before) return { ok: true, value };
      }
      return { ok: false, error: 'the database kept changing while it was read' };
    } catch (e: unknown) {
      return { ok: false, error: describe(e) };
    }
  }

  #once<T>(mod: SqliteModule, where: string | URL, fn: (db: SqliteSnapshot) => T): T {
    const db = new mod.DatabaseSync(where, { readOnly: true, timeout: this.opts.busyTimeoutMs });
    try {
      return fn(snapshot(db));
    } finally {
      db.close();
    }
  }

  async #viaCopy<T>(
    mod: SqliteModule,
    path: string,
    wal: boolean,
    fn: (db: SqliteSnapshot) => T,
  ): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'clawkeeper-sqlite-'));
    try {
      const copy = join(dir, basename(path));
      await copyFile(path, copy);
      if (wal) await copyFile(`${path}-wal`, `${copy}-wal`).catch(() => undefined);
      return this.#once(mod, copy, fn);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** SQLite's messages name files and SQL, never row values; keep the first line. */
function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? 'unknown error').slice(0, 200);
}

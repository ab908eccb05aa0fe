/**
 * Writes OpenClaw's SQLite stores the way the real releases lay them out (test/interop/FINDINGS.md,
 * "SQLite stores"), for tests of the direct read. Needs the runtime's node:sqlite (Node ≥ 22.16);
 * `hasSqlite` says whether this Node has it, so a test can skip with that reason on an older Node.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Db {
  exec(sql: string): void;
  prepare(sql: string): { run(...p: Array<string | number | null>): unknown };
  close(): void;
}
type Ctor = new (path: string, opts?: object) => Db;

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
export const hasSqlite = major > 22 || (major === 22 && minor >= 16);
export const NEEDS_SQLITE = hasSqlite
  ? false
  : `needs node:sqlite (Node ≥ 22.16; this is ${process.versions.node})`;

async function open(path: string): Promise<Db> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const specifier = 'node:sqlite';
  const mod = (await import(specifier)) as { DatabaseSync: Ctor };
  const db = new mod.DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  return db;
}

const META = `CREATE TABLE schema_meta (meta_key TEXT NOT NULL PRIMARY KEY, role TEXT NOT NULL,
  schema_version INTEGER NOT NULL, agent_id TEXT, app_version TEXT, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL)`;

export interface AgentDbOptions {
  agentId?: string;
  /** 1 (2026.6.5, 2026.7.35), 19 (2026.8.2), 23 (2026.9.6) */
  schemaVersion?: number;
  store?: object | null;
  state?: object | null;
  /** keep the connection open (a live WAL database with -wal and -shm beside it) */
  keepOpen?: boolean;
}

/** `<agentDir>/openclaw-agent.sqlite`. Returns the open connection when `keepOpen`. */
export async function writeAgentDb(path: string, o: AgentDbOptions = {}): Promise<Db | null> {
  const db = await open(path);
  const now = Date.now();
  db.exec(META);
  db.exec(
    'CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL)',
  );
  db.exec(
    'CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL)',
  );
  db.prepare("INSERT INTO schema_meta VALUES ('primary', 'agent', ?, ?, NULL, ?, ?)").run(
    o.schemaVersion ?? 1,
    o.agentId ?? 'main',
    now,
    now,
  );
  if (o.store)
    db.prepare("INSERT INTO auth_profile_store VALUES ('primary', ?, ?)").run(JSON.stringify(o.store), now);
  if (o.state)
    db.prepare("INSERT INTO auth_profile_state VALUES ('primary', ?, ?)").run(JSON.stringify(o.state), now);
  if (o.keepOpen) return db;
  db.close();
  return null;
}

/** `<state>/state/openclaw.sqlite` of 2026.8+ holding the default agent's store. */
export async function writeSharedDb(
  path: string,
  o: { schemaVersion?: number; store?: object | null; state?: object | null } = {},
): Promise<void> {
  const db = await open(path);
  const now = Date.now();
  db.exec(META);
  db.exec(
    'CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT',
  );
  db.prepare("INSERT INTO schema_meta VALUES ('primary', 'global', ?, NULL, '2026.9.6', ?, ?)").run(
    o.schemaVersion ?? 18,
    now,
    now,
  );
  const put = db.prepare('INSERT INTO config_machine_state VALUES (?, ?, ?)');
  put.run('auth.sharedStore', JSON.stringify({ location: 'state-db' }), now);
  if (o.store) put.run('authProfiles.store', JSON.stringify(o.store), now);
  if (o.state) put.run('authProfiles.state', JSON.stringify(o.state), now);
  db.close();
}

import type { FileStat } from '../../ports/files.ts';
import type { SqliteReader, SqliteSnapshot } from '../../ports/sqlite.ts';
import type { AuthProfilesFile, AuthStateFile } from '../formats/auth-profiles.ts';
import {
  AGENT_DB,
  MachineStateRow,
  SHARED_DB,
  SHARED_KEYS,
  SchemaMetaRow,
  SharedOwnership,
  StateRow,
  StoreRow,
  parseStateJson,
  parseStoreJson,
} from '../formats/openclaw-sqlite.ts';
import type { Parsed } from '../formats/parse.ts';
import type { Read } from './inventory.ts';

/** One agent's credentials read straight from SQLite, or why that was not possible. */
export type DirectRead =
  | {
      readonly ok: true;
      readonly path: string;
      readonly profiles: Read<AuthProfilesFile>;
      readonly state: Read<AuthStateFile>;
    }
  /** unknown schema, no built-in SQLite, or the database could not be opened: use the CLI */
  | { readonly ok: false; readonly reason: string };

type Layout = typeof AGENT_DB | typeof SHARED_DB;

/** Checks `schema_meta` and the table shapes the known releases have; a reason when they differ. */
function unknownLayout(db: SqliteSnapshot, layout: Layout): string | null {
  const meta = SchemaMetaRow.safeParse(
    db.columns('schema_meta')
      ? db.get("SELECT role, schema_version FROM schema_meta WHERE meta_key = 'primary'")
      : null,
  );
  if (!meta.success) return 'it has no schema_meta row Clawkeeper knows';
  if (meta.data.role !== layout.role)
    return `its schema_meta role is "${meta.data.role}", not "${layout.role}"`;
  if (meta.data.schema_version > layout.maxSchemaVersion)
    return `its schema version ${meta.data.schema_version} is newer than the releases Clawkeeper knows (≤ ${layout.maxSchemaVersion})`;
  for (const [table, want] of Object.entries(layout.tables) as Array<[string, readonly string[]]>) {
    const cols = db.columns(table);
    if (cols === null) continue; // absent: nothing stored yet
    if (want.some((c) => !cols.includes(c))) return `table ${table} has columns ${cols.join(', ')}`;
  }
  return null;
}

function asRead<T>(
  path: string,
  stat: FileStat | null,
  text: string | null,
  parse: (t: string) => Parsed<T>,
): Read<T> {
  if (text === null) return { status: 'missing', path };
  const p = parse(text);
  return p.ok
    ? { status: 'ok', path, value: p.value, stat }
    : { status: 'unreadable', path, error: p.error, stat };
}

const EMPTY_STORE = '{"version":1,"profiles":{}}';

/** `<agentDir>/openclaw-agent.sqlite`: the `primary` rows of its two auth tables. */
export async function readAgentDb(
  reader: SqliteReader,
  path: string,
  stat: FileStat | null,
): Promise<DirectRead> {
  const r = await reader.read(path, (db) => {
    const unknown = unknownLayout(db, AGENT_DB);
    if (unknown) return { unknown };
    const store = db.columns('auth_profile_store')
      ? StoreRow.safeParse(db.get("SELECT store_json FROM auth_profile_store WHERE store_key = 'primary'"))
      : null;
    const state = db.columns('auth_profile_state')
      ? StateRow.safeParse(db.get("SELECT state_json FROM auth_profile_state WHERE state_key = 'primary'"))
      : null;
    return {
      store: store?.success ? store.data.store_json : null,
      state: state?.success ? state.data.state_json : null,
    };
  });
  if (!r.ok) return { ok: false, reason: `${path} could not be read directly (${r.error})` };
  if ('unknown' in r.value) return { ok: false, reason: `${path}: ${r.value.unknown}` };
  return {
    ok: true,
    path,
    // A database without a store row holds no profiles (OpenClaw reads it the same way).
    profiles: asRead(path, stat, r.value.store ?? EMPTY_STORE, parseStoreJson),
    state: asRead(path, null, r.value.state, parseStateJson),
  };
}

/**
 * `<state>/state/openclaw.sqlite`: the default agent's credentials when OpenClaw moved them
 * there (2026.8+: `auth.sharedStore` = `{location: "state-db"}`, or a stored row). `owns: false`
 * means the default agent still uses its own per-agent database.
 */
export async function readSharedDb(
  reader: SqliteReader,
  path: string,
  stat: FileStat | null,
): Promise<DirectRead & { owns?: boolean }> {
  const r = await reader.read(path, (db) => {
    const unknown = unknownLayout(db, SHARED_DB);
    if (unknown) return { unknown };
    if (!db.columns('config_machine_state')) return { owner: null, store: null, state: null };
    const value = (key: string): string | null => {
      const row = MachineStateRow.safeParse(
        db.get('SELECT value_json FROM config_machine_state WHERE state_key = ?', key),
      );
      return row.success ? row.data.value_json : null;
    };
    return {
      owner: value(SHARED_KEYS.ownership),
      store: value(SHARED_KEYS.store),
      state: value(SHARED_KEYS.state),
    };
  });
  if (!r.ok) return { ok: false, reason: `${path} could not be read directly (${r.error})` };
  if ('unknown' in r.value) return { ok: false, reason: `${path}: ${r.value.unknown}` };
  let ownerIsDb = false;
  try {
    const o = SharedOwnership.safeParse(r.value.owner === null ? null : JSON.parse(r.value.owner));
    ownerIsDb = o.success && o.data.location === 'state-db';
  } catch {
    ownerIsDb = false;
  }
  return {
    ok: true,
    owns: ownerIsDb || r.value.store !== null,
    path,
    profiles: asRead(path, stat, r.value.store ?? EMPTY_STORE, parseStoreJson),
    state: asRead(path, null, r.value.state, parseStateJson),
  };
}

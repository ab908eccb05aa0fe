/**
 * The hand-written part of a home, in the format of the release that will read it: profiles and
 * routing state (lastGood, usageStats) in an agent's JSON store or in the SQLite rows the release
 * itself created (layouts as in test/interop/matrix-store.ts, generalised to every agent). Test-only:
 * Clawkeeper never writes a SQLite store.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Release } from '../interop/programs.ts';
import { isSqlite } from './releases.ts';

type Doc = Record<string, unknown> & { profiles?: Record<string, Record<string, unknown>> };

interface Db {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  close(): void;
}

async function openDb(path: string): Promise<Db> {
  const specifier = 'node:sqlite';
  const mod = (await import(specifier)) as { DatabaseSync: new (p: string) => Db };
  return new mod.DatabaseSync(path);
}

/**
 * The state folder the release will use in this home: its variable when set, else the default
 * folder, else (OpenClaw) an existing legacy `~/.clawdbot`, as OpenClaw's own resolveStateDir does.
 */
export function stateDirOf(home: string, env: Record<string, string>, r: Release): string {
  const v = env[r.stateEnv]?.trim();
  if (v) return v;
  const own = join(home, r.state);
  if (r.cli === 'clawdbot' || existsSync(own)) return own;
  const legacy = join(home, '.clawdbot');
  return existsSync(legacy) ? legacy : own;
}

const agentDir = (state: string, agent: string) => join(state, 'agents', agent, 'agent');

async function readJson(path: string): Promise<Doc | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Doc;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function writeJson(path: string, doc: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(doc, null, 2), { mode: 0o600 });
  await chmod(path, 0o600);
}

/** A SQLite place that holds a store document and its state document. */
interface DbPlace {
  path: string;
  get: string;
  getState: string;
  put: string;
  putState: string;
  keys: readonly [string, string];
}

function dbPlaces(state: string, agent: string, r: Release): DbPlace[] {
  const perAgent: DbPlace = {
    path: join(agentDir(state, agent), 'openclaw-agent.sqlite'),
    get: 'SELECT store_json AS j FROM auth_profile_store WHERE store_key = ?',
    getState: 'SELECT state_json AS j FROM auth_profile_state WHERE state_key = ?',
    put: `INSERT INTO auth_profile_store VALUES (?, ?, ?)
      ON CONFLICT(store_key) DO UPDATE SET store_json = excluded.store_json, updated_at = excluded.updated_at`,
    putState: `INSERT INTO auth_profile_state VALUES (?, ?, ?)
      ON CONFLICT(state_key) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at`,
    keys: ['primary', 'primary'],
  };
  if (r.generation !== 'sqlite-shared' || agent !== 'main') return [perAgent];
  const shared: DbPlace = {
    path: join(state, 'state', 'openclaw.sqlite'),
    get: 'SELECT value_json AS j FROM config_machine_state WHERE state_key = ?',
    getState: 'SELECT value_json AS j FROM config_machine_state WHERE state_key = ?',
    put: `INSERT INTO config_machine_state VALUES (?, ?, ?)
      ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`,
    putState: `INSERT INTO config_machine_state VALUES (?, ?, ?)
      ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`,
    keys: ['authProfiles.store', 'authProfiles.state'],
  };
  return [shared, perAgent];
}

/** Runs `fn` on the first database of the agent whose store holds `profileId` (or any store when null). */
async function withDbStore(
  state: string,
  agent: string,
  r: Release,
  profileId: string | null,
  fn: (db: Db, place: DbPlace, store: Doc) => void,
): Promise<void> {
  for (const place of dbPlaces(state, agent, r)) {
    if (!existsSync(place.path)) continue;
    const db = await openDb(place.path);
    try {
      const row = db.prepare(place.get).get(place.keys[0]) as { j: string } | undefined;
      if (!row) continue;
      const store = JSON.parse(row.j) as Doc;
      if (profileId !== null && !store.profiles?.[profileId]) continue;
      fn(db, place, store);
      return;
    } finally {
      db.close();
    }
  }
  throw new Error(
    `no SQLite store of agent ${agent} holds ${profileId ?? 'any profile'} (release ${r.version})`,
  );
}

/** Sets fields on a profile (creating it) in the agent's store, or in its legacy JSON file. */
export async function setProfile(
  state: string,
  r: Release,
  agent: string,
  profileId: string,
  fields: Record<string, unknown>,
  into: 'store' | 'legacy',
): Promise<void> {
  if (!isSqlite(r) || into === 'legacy') {
    const path = join(agentDir(state, agent), 'auth-profiles.json');
    const doc = (await readJson(path)) ?? { version: 1, profiles: {} };
    const profiles = (doc.profiles ??= {});
    profiles[profileId] = { ...(profiles[profileId] ?? {}), ...fields };
    await writeJson(path, doc);
    return;
  }
  await withDbStore(state, agent, r, profileId, (db, place, store) => {
    store.profiles![profileId] = { ...store.profiles![profileId], ...fields };
    db.prepare(place.put).run(place.keys[0], JSON.stringify(store), Date.now());
  });
}

/** Merges lastGood and usageStats into the agent's routing state, where the release keeps it. */
export async function setRouting(
  state: string,
  r: Release,
  agent: string,
  patch: { lastGood?: Record<string, string>; usageStats?: Record<string, Record<string, unknown>> },
): Promise<void> {
  const merge = (doc: Doc): Doc => ({
    ...doc,
    version: doc.version ?? 1,
    ...(patch.lastGood ? { lastGood: { ...(doc.lastGood as object), ...patch.lastGood } } : {}),
    ...(patch.usageStats ? { usageStats: { ...(doc.usageStats as object), ...patch.usageStats } } : {}),
  });
  if (!isSqlite(r)) {
    // auth-state.json arrived in 2026.4 (FINDINGS: matrix-store); earlier releases keep it in the store
    const file = r.version >= '2026.4' ? 'auth-state.json' : 'auth-profiles.json';
    const path = join(agentDir(state, agent), file);
    const doc =
      (await readJson(path)) ?? (file === 'auth-state.json' ? { version: 1 } : { version: 1, profiles: {} });
    await writeJson(path, merge(doc));
    return;
  }
  try {
    await withDbStore(state, agent, r, null, (db, place) => {
      const row = db.prepare(place.getState).get(place.keys[1]) as { j: string } | undefined;
      const doc = row ? (JSON.parse(row.j) as Doc) : { version: 1 };
      db.prepare(place.putState).run(place.keys[1], JSON.stringify(merge(doc)), Date.now());
    });
  } catch (e: unknown) {
    if (!(e instanceof Error) || !e.message.startsWith('no SQLite store')) throw e;
    // the agent's profiles are still only in a legacy JSON file: its state file goes beside it
    const path = join(agentDir(state, agent), 'auth-state.json');
    await writeJson(path, merge((await readJson(path)) ?? { version: 1 }));
  }
}

/**
 * The matrix's own view of a release's credential store, for set-up and for "nothing lost": the
 * store document and OpenClaw's state document (order, lastGood, usageStats) wherever that
 * release keeps them (test/interop/FINDINGS.md "SQLite stores and the release matrix"). Test-only:
 * Clawkeeper never writes a SQLite store; the matrix adds profiles to the database a release
 * created, between runs of that release, in the layout the release itself writes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FixtureHome } from '../helpers/fixture-home.ts';
import type { Release } from './programs.ts';

export type Profile = Record<string, unknown>;
export interface StoreDoc {
  version?: number;
  profiles: Record<string, Profile>;
  [k: string]: unknown;
}
export interface Stores {
  store: StoreDoc;
  /** the state document, or null where the release keeps its usage stats in the store itself */
  state: Record<string, unknown> | null;
}

interface Db {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  close(): void;
}

/** Where a release keeps its main agent's store and its state (usage stats). */
export function layout(h: FixtureHome, r: Release) {
  const agentDir = h.path(r.state, 'agents/main/agent');
  switch (r.generation) {
    case 'json-cli-sync':
    case 'json':
      return {
        kind: 'json' as const,
        store: `${agentDir}/auth-profiles.json`,
        // auth-state.json arrived in 2026.4 (docs/domain.md §4); earlier releases keep stats in the store
        state: r.version >= '2026.4' ? `${agentDir}/auth-state.json` : null,
      };
    case 'sqlite-agent':
      return {
        kind: 'db' as const,
        db: `${agentDir}/openclaw-agent.sqlite`,
        get: 'SELECT store_json AS j FROM auth_profile_store WHERE store_key = ?',
        getState: 'SELECT state_json AS j FROM auth_profile_state WHERE state_key = ?',
        keys: ['primary', 'primary'] as const,
        put: `INSERT INTO auth_profile_store VALUES (?, ?, ?)
          ON CONFLICT(store_key) DO UPDATE SET store_json = excluded.store_json, updated_at = excluded.updated_at`,
        putState: `INSERT INTO auth_profile_state VALUES (?, ?, ?)
          ON CONFLICT(state_key) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at`,
      };
    case 'sqlite-shared':
      return {
        kind: 'db' as const,
        db: h.path(r.state, 'state/openclaw.sqlite'),
        get: 'SELECT value_json AS j FROM config_machine_state WHERE state_key = ?',
        getState: 'SELECT value_json AS j FROM config_machine_state WHERE state_key = ?',
        keys: ['authProfiles.store', 'authProfiles.state'] as const,
        put: `INSERT INTO config_machine_state VALUES (?, ?, ?)
          ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`,
        putState: `INSERT INTO config_machine_state VALUES (?, ?, ?)
          ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`,
      };
  }
}

async function openDb(path: string): Promise<Db> {
  const specifier = 'node:sqlite';
  const mod = (await import(specifier)) as { DatabaseSync: new (p: string) => Db };
  return new mod.DatabaseSync(path);
}

const parse = (text: string | null | undefined) =>
  text ? (JSON.parse(text) as Record<string, unknown>) : null;

export async function readStores(h: FixtureHome, r: Release): Promise<Stores> {
  const l = layout(h, r);
  if (l.kind === 'json') {
    const store = parse(await readFile(l.store, 'utf8').catch(() => null));
    const state = l.state ? parse(await readFile(l.state, 'utf8').catch(() => null)) : null;
    return { store: (store ?? { version: 1, profiles: {} }) as StoreDoc, state };
  }
  const db = await openDb(l.db);
  try {
    const row = db.prepare(l.get).get(l.keys[0]) as { j: string } | undefined;
    const st = db.prepare(l.getState).get(l.keys[1]) as { j: string } | undefined;
    return { store: (parse(row?.j) ?? { version: 1, profiles: {} }) as StoreDoc, state: parse(st?.j) };
  } finally {
    db.close();
  }
}

/** Writes both documents where the release keeps them (JSON: the store, stats per release; SQLite: the rows). */
export async function writeStores(h: FixtureHome, r: Release, s: Stores): Promise<void> {
  const l = layout(h, r);
  if (l.kind === 'json') {
    const store = l.state || !s.state ? s.store : { ...s.store, ...s.state, version: s.store.version ?? 1 };
    await h.write(l.store, store);
    if (l.state && s.state) await h.write(l.state, s.state);
    return;
  }
  await mkdir(dirname(l.db), { recursive: true });
  const db = await openDb(l.db);
  try {
    db.prepare(l.put).run(l.keys[0], JSON.stringify(s.store), Date.now());
    if (s.state) db.prepare(l.putState).run(l.keys[1], JSON.stringify(s.state), Date.now());
  } finally {
    db.close();
  }
}

/** The JSON config file, read and rewritten whole (the way the releases write it: plain JSON). */
export async function readConfig(h: FixtureHome, r: Release): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(h.path(r.state, r.config), 'utf8')) as Record<string, unknown>;
}

export async function writeConfig(h: FixtureHome, r: Release, cfg: object): Promise<void> {
  await writeFile(h.path(r.state, r.config), JSON.stringify(cfg, null, 2), { mode: 0o600 });
}

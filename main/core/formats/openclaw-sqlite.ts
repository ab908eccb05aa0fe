import * as z from 'zod/mini';
import {
  AuthProfilesSchema,
  AuthStateSchema,
  type AuthProfilesFile,
  type AuthStateFile,
} from './auth-profiles.ts';
import { parseJsonWith, type Parsed } from './parse.ts';

/**
 * OpenClaw's SQLite stores as the real releases lay them out (test/interop/FINDINGS.md §SQLite):
 *
 * - per agent, `<agentDir>/openclaw-agent.sqlite` (2026.6.5+): `schema_meta` row `primary` with
 *   role `agent`; `auth_profile_store(store_key, store_json, updated_at)` and
 *   `auth_profile_state(state_key, state_json, updated_at)`, each one row keyed `primary`, whose
 *   JSON is the `auth-profiles.json` / `auth-state.json` document of the JSON generation;
 * - shared, `<state>/state/openclaw.sqlite` (2026.8+): `schema_meta` role `global`;
 *   `config_machine_state(state_key, value_json, updated_at_ms)` with `authProfiles.store` and
 *   `authProfiles.state` (the default agent's store, once `auth.sharedStore` says `state-db`).
 */
export const AGENT_DB = {
  role: 'agent',
  /** 2026.6.5 and 2026.7.35: 1; 2026.8.2: 19; 2026.9.6: 23 */
  maxSchemaVersion: 23,
  tables: {
    auth_profile_store: ['store_key', 'store_json', 'updated_at'],
    auth_profile_state: ['state_key', 'state_json', 'updated_at'],
  },
} as const;

export const SHARED_DB = {
  role: 'global',
  /** 2026.6.5 and 2026.7.35: 1 (no shared credentials yet); 2026.8.2: 15; 2026.9.6: 18 */
  maxSchemaVersion: 18,
  tables: { config_machine_state: ['state_key', 'value_json', 'updated_at_ms'] },
} as const;

export const SHARED_KEYS = {
  ownership: 'auth.sharedStore',
  store: 'authProfiles.store',
  state: 'authProfiles.state',
} as const;

export const SchemaMetaRow = z.object({ role: z.string(), schema_version: z.number() });
export const StoreRow = z.object({ store_json: z.string() });
export const StateRow = z.object({ state_json: z.string() });
export const MachineStateRow = z.object({ value_json: z.string() });
export const SharedOwnership = z.looseObject({ location: z.optional(z.string()) });

export function parseStoreJson(text: string): Parsed<AuthProfilesFile> {
  return parseJsonWith(text, AuthProfilesSchema);
}

export function parseStateJson(text: string): Parsed<AuthStateFile> {
  return parseJsonWith(text, AuthStateSchema);
}

import * as z from 'zod/mini';
import { secretOrNull, type Secret } from '../kernel/secret.ts';
import { parseJsonWith, type Parsed } from './parse.ts';

/**
 * One stored profile, as lenient as OpenClaw: old files have `mode` instead of `type` and
 * `apiKey` instead of `key`. Every unknown field is kept for writes (docs/domain.md §4).
 */
export const StoredProfileSchema = z.looseObject({
  type: z.optional(z.string()),
  mode: z.optional(z.string()),
  provider: z.optional(z.string()),
  token: z.optional(z.string()),
  access: z.optional(z.string()),
  refresh: z.optional(z.string()),
  key: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  expires: z.optional(z.nullable(z.number())),
  email: z.optional(z.string()),
});

export const AuthProfilesSchema = z.looseObject({
  version: z.optional(z.number()),
  profiles: z.record(z.string(), StoredProfileSchema),
  order: z.optional(z.record(z.string(), z.array(z.string()))),
  lastGood: z.optional(z.record(z.string(), z.string())),
  usageStats: z.optional(z.record(z.string(), z.unknown())),
});

/** `auth-state.json` (OpenClaw 2026.4+): routing state split out of the profiles file. */
export const AuthStateSchema = z.looseObject({
  version: z.optional(z.number()),
  order: z.optional(z.record(z.string(), z.array(z.string()))),
  lastGood: z.optional(z.record(z.string(), z.string())),
  usageStats: z.optional(z.record(z.string(), z.unknown())),
});

/** Legacy `<state>/credentials/oauth.json`: `{ "anthropic": { access, refresh, expires, … } }`. */
export const LegacyOauthSchema = z.record(
  z.string(),
  z.looseObject({
    access: z.optional(z.string()),
    refresh: z.optional(z.string()),
    expires: z.optional(z.nullable(z.number())),
  }),
);

export type StoredProfileRaw = z.infer<typeof StoredProfileSchema>;
export type AuthProfilesFile = z.infer<typeof AuthProfilesSchema>;
export type AuthStateFile = z.infer<typeof AuthStateSchema>;
export type LegacyOauthFile = z.infer<typeof LegacyOauthSchema>;

export type ProfileType = 'oauth' | 'token' | 'api_key';

/** A stored profile with OpenClaw's fallbacks applied and the values wrapped as secrets. */
export interface StoredProfile {
  readonly id: string;
  /** `type`, else `mode`; null when neither names a known type */
  readonly type: ProfileType | null;
  /** the literal value found, for messages ("unknown type 'bearer'") */
  readonly declaredType: string | null;
  readonly provider: string | null;
  /** token (type token), access (oauth) or key/apiKey (api_key) */
  readonly value: Secret | null;
  readonly refresh: Secret | null;
  readonly expires: number | null;
  readonly raw: StoredProfileRaw;
}

const TYPES: readonly string[] = ['oauth', 'token', 'api_key'];

export function normalizeProfile(id: string, raw: StoredProfileRaw): StoredProfile {
  const declared = raw.type ?? raw.mode ?? null;
  const type = declared !== null && TYPES.includes(declared) ? (declared as ProfileType) : null;
  const valueField = type === 'oauth' ? raw.access : type === 'api_key' ? (raw.key ?? raw.apiKey) : raw.token;
  return {
    id,
    type,
    declaredType: declared,
    provider: raw.provider ?? null,
    value: secretOrNull(valueField),
    refresh: secretOrNull(raw.refresh),
    expires: typeof raw.expires === 'number' && raw.expires > 0 ? raw.expires : null,
    raw,
  };
}

/** A credential as OpenClaw stores it in a profile (`auth-profiles.json`, and its SQLite stores). */
export type StoredCredential =
  | { readonly type: 'token'; readonly token: string; readonly expires: number | null }
  | { readonly type: 'oauth'; readonly access: string; readonly refresh: string; readonly expires: number }
  | { readonly type: 'api_key'; readonly key: string };

/** The fields OpenClaw reads a credential from: a new credential replaces all of them. */
const CREDENTIAL_FIELDS: readonly string[] = [
  'type',
  'mode',
  'token',
  'access',
  'refresh',
  'key',
  'apiKey',
  'expires',
];

/**
 * The profile `old` with `credential` in it: every other field of `old` is kept in its place
 * (labels, email, fields of newer releases), the credential fields of an earlier type are dropped.
 * `expires: null` leaves a token without expiry ("never expires" to OpenClaw).
 */
export function withCredential(
  old: Readonly<Record<string, unknown>>,
  credential: StoredCredential,
  provider: string,
): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(old).filter(([k]) => !CREDENTIAL_FIELDS.includes(k)));
  const { type, ...fields } = credential;
  const next: Record<string, unknown> = { type, ...rest, provider, ...fields };
  if (next['expires'] === null) delete next['expires'];
  return next;
}

export function parseAuthProfiles(text: string): Parsed<AuthProfilesFile> {
  return parseJsonWith(text, AuthProfilesSchema);
}

export function parseAuthState(text: string): Parsed<AuthStateFile> {
  return parseJsonWith(text, AuthStateSchema);
}

export function parseLegacyOauth(text: string): Parsed<LegacyOauthFile> {
  return parseJsonWith(text, LegacyOauthSchema);
}

/**
 * The rule differences between the releases Clawkeeper follows, keyed by release range: one
 * table, not one code path per release. Every row was read in the release's own code (the dist
 * JS in the interop cache) and is explained in docs/openclaw-resolution.md.
 */
import type { StoreGeneration } from '../discovery/inventory.ts';
import { compareVersions } from '../kernel/version.ts';

export interface ReleaseRules {
  /** the range this row covers, for messages */
  readonly range: string;
  /** the model an agent uses when none is configured (`DEFAULT_PROVIDER`/`DEFAULT_MODEL`) */
  readonly defaultModel: { readonly provider: string; readonly model: string } | null;
  /** the provider a model ref without `provider/` gets (after aliases) */
  readonly bareModelProvider: string | null;
  /** a stored profile without `type` takes its `mode`, and `apiKey` stands for `key` (2026.3+) */
  readonly storedModeFallback: boolean;
  /** a token whose `expires` is not a positive number (null, 0) is ineligible (2026.3+) */
  readonly invalidExpiresIneligible: boolean;
  /** `blockedUntil` counts as unusable, besides cooldownUntil/disabledUntil (2026.6+) */
  readonly blockedUntil: boolean;
  /** when every id of the base order is missing: fall back to the stored profiles */
  readonly repairFallback: 'none' | 'config-profiles' | 'config-profiles-or-store-order';
  /** round-robin puts an expired OAuth login after a live one of the same type (2026.8+) */
  readonly expiredOauthLast: boolean;
  /** `anthropic/model@profile` pins a profile (2026.3+) */
  readonly modelProfilePin: boolean;
  /** `models.providers.<p>.auth: "api-key"` with an explicit apiKey goes before profiles (2026.6+) */
  readonly configApiKeyFirst: boolean;
  /** how Claude Code's own login reaches the gateway */
  readonly claudeLogin:
    | 'imported-anthropic-profile' // Clawdbot: copied into `anthropic:claude-cli` on every store load
    | 'overlay-claude-cli-profile' // 2026.6.1–2026.7: lent to an unusable `anthropic:claude-cli` profile
    | 'cli-only'; // the `claude-cli` route runs `claude` with its own login
  /** OpenClaw reads `<state>/.env` and, for the default state dir, `~/.config/openclaw/gateway.env` */
  readonly gatewayEnvFile: boolean;
  /** a roster of several agents needs `agents.ownership: "explicit"` or one `default: true` (2026.8+) */
  readonly explicitRosterOwnership: boolean;
  /**
   * An agent's own `<provider>:default` OAuth login that is no longer usable gives way to a newer
   * usable login of the main store (`reconcileMainStoreOAuthProfileDrift`, 2026.6+).
   */
  readonly mainOAuthDrift: boolean;
  /**
   * An agent whose SQLite store is empty beside a JSON store with profiles is refused
   * (AUTH_PROFILE_MIGRATION_REQUIRED, 2026.8+); before, the JSON file is silently ignored.
   */
  readonly legacyJsonRefused: boolean;
}

const BASE: ReleaseRules = {
  range: '2026.8.1+',
  defaultModel: { provider: 'openai', model: 'gpt-6-astra' },
  bareModelProvider: 'openai',
  storedModeFallback: true,
  invalidExpiresIneligible: true,
  blockedUntil: true,
  repairFallback: 'config-profiles-or-store-order',
  expiredOauthLast: true,
  modelProfilePin: true,
  configApiKeyFirst: true,
  claudeLogin: 'cli-only',
  gatewayEnvFile: true,
  explicitRosterOwnership: true,
  mainOAuthDrift: true,
  legacyJsonRefused: true,
};

/** Newest first: the first row whose `from` the version reaches applies. */
const TABLE: ReadonlyArray<{ from: string; rules: ReleaseRules }> = [
  { from: '2026.9.0', rules: BASE },
  {
    from: '2026.8.1',
    rules: { ...BASE, range: '2026.8.x', defaultModel: { provider: 'openai', model: 'gpt-5.6-sol' } },
  },
  {
    from: '2026.6.0',
    rules: {
      ...BASE,
      range: '2026.6–2026.7',
      defaultModel: { provider: 'openai', model: 'gpt-5.5' },
      expiredOauthLast: false,
      claudeLogin: 'overlay-claude-cli-profile',
      explicitRosterOwnership: false,
      legacyJsonRefused: false,
    },
  },
  {
    from: '2026.1.26',
    rules: {
      ...BASE,
      range: '2026.1.26–2026.5',
      defaultModel: { provider: 'anthropic', model: 'claude-opus-4-6' },
      bareModelProvider: 'anthropic',
      blockedUntil: false,
      repairFallback: 'config-profiles',
      expiredOauthLast: false,
      configApiKeyFirst: false,
      gatewayEnvFile: false,
      explicitRosterOwnership: false,
      mainOAuthDrift: false,
      legacyJsonRefused: false,
    },
  },
  {
    from: '0',
    rules: {
      range: '≤ 2026.1.25 (Clawdbot, Moltbot)',
      defaultModel: { provider: 'anthropic', model: 'claude-opus-4-5' },
      bareModelProvider: 'anthropic',
      storedModeFallback: false,
      invalidExpiresIneligible: false,
      blockedUntil: false,
      repairFallback: 'none',
      expiredOauthLast: false,
      modelProfilePin: false,
      configApiKeyFirst: false,
      claudeLogin: 'imported-anthropic-profile',
      gatewayEnvFile: false,
      explicitRosterOwnership: false,
      mainOAuthDrift: false,
      legacyJsonRefused: false,
    },
  },
];

/** The generation a store was written by, when the version is unknown: its oldest release's rules. */
const GENERATION_FLOOR: Record<StoreGeneration, string> = {
  'json-cli-sync': '2026.1.24',
  json: '2026.1.26',
  'sqlite-agent': '2026.6.5',
  'sqlite-shared': '2026.8.1',
};

/**
 * The rules of a release. Without a version the store's generation picks its oldest release,
 * except for what that release cannot tell: the JSON generation spans the change of the default
 * model (Anthropic until 2026.5, OpenAI from 2026.6.1), so there it is unknown (null).
 */
export function rulesFor(version: string | null, generation: StoreGeneration): ReleaseRules {
  const v = version ?? GENERATION_FLOOR[generation];
  const row = TABLE.find((r) => compareVersions(v, r.from) >= 0) ?? TABLE[TABLE.length - 1]!;
  if (version === null && generation === 'json') return { ...row.rules, defaultModel: null };
  return row.rules;
}

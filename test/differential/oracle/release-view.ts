/**
 * What the real release says about one agent of a home, from `models status --json --check`
 * (one call gives both: the JSON on stdout, the `--check` exit code), reduced to the facts the
 * comparison uses. Field names are the releases' own (test/interop/FINDINGS.md §2.2).
 */

export interface ReleaseProfile {
  readonly type: string;
  readonly provider: string;
  /** ok | expiring | expired | static | missing */
  readonly status: string;
}

/** What the gateway sends first for the agent's provider, as the release's answer implies. */
export type ReleaseSend =
  | { readonly kind: 'profile'; readonly profileId: string }
  /** `variable` null: the release says "from the environment" without naming it (2026.3.13) */
  | { readonly kind: 'env'; readonly variable: string | null }
  | { readonly kind: 'other'; readonly detail: string };

export interface ReleaseAgentView {
  readonly agent: string;
  /** the config file the release read (its state folder is beside it), null when it did not answer */
  readonly configPath: string | null;
  /** the `--check` exit code */
  readonly exit: number;
  /** set when the release could not answer (its JSON error or unparseable output), normalised */
  readonly error: string | null;
  /** the agent's effective primary model (`resolvedDefault`) */
  readonly model: string | null;
  readonly provider: string | null;
  readonly missing: readonly string[];
  /**
   * What else makes `--check` fail from 2026.8: `modelRouteIssues` (incompatible, indeterminate,
   * missing-auth) and `runtimeAuthRoutes` that are unavailable, as `<kind>-<provider>`
   */
  readonly routeIssues: readonly string[];
  readonly profiles: Readonly<Record<string, ReleaseProfile>>;
  /** resolved order for the model's provider (`effectiveProfiles`), null where the release does not report one */
  readonly order: readonly string[] | null;
  readonly unusable: Readonly<Record<string, string>>;
  /** `auth.providers[provider].effective` */
  readonly effective: { readonly kind: string; readonly detail: string } | null;
  /** derived: null when the provider is missing in use (nothing to send) or the release does not say */
  readonly sends: ReleaseSend | null;
}

interface StatusJson {
  ok?: boolean;
  configPath?: string;
  error?: { message?: string };
  resolvedDefault?: string;
  auth?: {
    missingProvidersInUse?: string[];
    modelRouteIssues?: Array<{ kind?: string; provider?: string }>;
    runtimeAuthRoutes?: Array<{ provider?: string; status?: string; runtimeReason?: string }>;
    providers?: Array<{
      provider: string;
      effective?: { kind: string; detail: string };
      env?: { source?: string };
    }>;
    unusableProfiles?: Array<{ profileId: string; kind?: string }>;
    oauth?: {
      profiles?: Array<{ profileId: string; provider: string; type: string; status: string }>;
      providers?: Array<{ provider: string; effectiveProfiles?: Array<{ profileId: string }> }>;
    };
  };
}

/** The first JSON document in a command's stdout (a release may print a line before it). */
export function firstJson(text: string): unknown {
  const start = text.search(/^\{/m);
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start)) as unknown;
  } catch {
    return null;
  }
}

/** Error messages without paths, times and counts, so the same cause reads the same in every home. */
export function normaliseError(message: string): string {
  return message
    .replace(/(?:~|\/)[^\s"';,]*/g, '<path>')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

const USABLE = new Set(['ok', 'expiring', 'static']);

/**
 * A profile of `effectiveProfiles` the gateway tries: a usable status, or an OAuth login whatever
 * its status (past expiry the gateway refreshes it first; the release lists it in order).
 */
export function attempted(p: ReleaseProfile | undefined): boolean {
  return p !== undefined && (USABLE.has(p.status) || p.type === 'oauth');
}

/**
 * One agent's view from the release's answer to `models status --json --check`. `reportsOrder`:
 * the release lists `effectiveProfiles` (2026.6.1 and later; Clawdbot and 2026.3.13 do not).
 */
export function releaseAgentView(
  agent: string,
  code: number,
  stdout: string,
  stderr: string,
  reportsOrder: boolean,
): ReleaseAgentView {
  const doc = firstJson(stdout) as StatusJson | null;
  const base = { agent, exit: code, configPath: doc?.configPath ?? null };
  if (!doc || doc.ok === false || !doc.auth) {
    const msg =
      doc?.error?.message ??
      (stderr
        .trim()
        .split('\n')
        .find((l) => l.trim()) ||
        'no JSON answer');
    return {
      ...base,
      error: normaliseError(msg),
      model: null,
      provider: null,
      missing: [],
      routeIssues: [],
      profiles: {},
      order: null,
      unusable: {},
      effective: null,
      sends: null,
    };
  }
  const a = doc.auth;
  const model = doc.resolvedDefault ?? null;
  const provider = model?.includes('/') ? model.slice(0, model.indexOf('/')) : null;
  const profiles: Record<string, ReleaseProfile> = {};
  for (const p of a.oauth?.profiles ?? [])
    profiles[p.profileId] = { type: p.type, provider: p.provider, status: p.status };
  const unusable: Record<string, string> = {};
  for (const u of a.unusableProfiles ?? []) unusable[u.profileId] = u.kind ?? 'unusable';
  const eff = a.oauth?.providers?.find((p) => p.provider === provider)?.effectiveProfiles;
  const order = reportsOrder ? (eff ?? []).map((p) => p.profileId) : null;
  const entry = a.providers?.find((p) => p.provider === provider);
  const effective = entry?.effective ?? null;
  const envSource = entry?.env?.source ?? null;
  const missing = a.missingProvidersInUse ?? [];
  const routeIssues = [
    ...(a.modelRouteIssues ?? []).map((i) => `${i.kind ?? 'issue'}-${i.provider ?? '?'}`),
    ...(a.runtimeAuthRoutes ?? [])
      .filter((r) => r.status === 'unavailable')
      .map((r) => `${r.runtimeReason ?? 'unavailable'}-${r.provider ?? '?'}`),
  ];
  return {
    ...base,
    error: null,
    model,
    provider,
    missing,
    routeIssues,
    profiles,
    order,
    unusable,
    effective,
    sends: sendsOf(provider, missing, order, profiles, unusable, effective, envSource),
  };
}

function sendsOf(
  provider: string | null,
  missing: readonly string[],
  order: readonly string[] | null,
  profiles: Readonly<Record<string, ReleaseProfile>>,
  unusable: Readonly<Record<string, string>>,
  effective: { kind: string; detail: string } | null,
  envSource: string | null,
): ReleaseSend | null {
  if (!provider || missing.includes(provider)) return null;
  if (effective?.kind === 'env')
    return { kind: 'env', variable: envVariable(envSource ?? '') ?? envVariable(effective.detail) };
  if (order) {
    // a profile in a cooldown or disabled is tried only when no other is left (the order keeps it last)
    const first =
      order.find((id) => attempted(profiles[id]) && !unusable[id]) ??
      order.find((id) => attempted(profiles[id]));
    if (first) return { kind: 'profile', profileId: first };
    // `effective.kind` stays `profiles` while a profile exists, usable or not: with none usable and
    // the provider not missing, the environment entry is what is sent
    if (envSource) return { kind: 'env', variable: envVariable(envSource) };
  }
  return effective && effective.kind !== 'profiles' ? { kind: 'other', detail: effective.kind } : null;
}

/** `env: ANTHROPIC_API_KEY` / `ANTHROPIC_OAUTH_TOKEN=sk-…` → the variable's name; null when none is named. */
function envVariable(detail: string): string | null {
  return /[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}/.exec(detail)?.[0] ?? null;
}

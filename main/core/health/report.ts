/**
 * The status report: plain JSON, no secrets (fingerprints and masked forms only). This is
 * the `clawkeeper status --json` contract and the DTO the tray and window render.
 */

export const HEALTH_STATES = [
  'ok',
  'expiring',
  'stale-copy',
  'expired',
  'misconfigured',
  'unreadable',
  'needs-reauth',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export type CredentialKind = 'oauth' | 'token' | 'api_key';
export type Owner = 'claude-code' | 'openclaw' | 'static';
export type Route = 'claude-cli' | 'oauth' | 'token' | 'api_key';
export type CredentialSource = 'file' | 'keychain' | 'env' | 'openclaw-cli';

export interface CredentialReport {
  /** stable id: `claude-code`, `openclaw:main/anthropic:default`, `env:ANTHROPIC_OAUTH_TOKEN`, … */
  readonly id: string;
  /** a file path, `keychain:<service>`, `env:<NAME>` or `openclaw-cli:<state dir>#<agent>` */
  readonly location: string;
  readonly source: CredentialSource;
  readonly install: string | null;
  readonly agent: string | null;
  readonly profileId: string | null;
  readonly provider: string | null;
  /** null only for an `unreadable` entry whose kind cannot be known */
  readonly kind: CredentialKind | null;
  readonly route: Route | null;
  readonly owner: Owner;
  readonly state: HealthState;
  /** one line: why this state */
  readonly reason: string;
  /** the exact command or click that fixes it, or null when nothing needs doing */
  readonly hint: string | null;
  /** epoch ms, or null when it never expires or is unknown */
  readonly expiresAt: number | null;
  readonly refreshable: boolean;
  readonly fingerprint: string | null;
  readonly masked: string | null;
  /** ids of the other entries holding the same login (same lineage) */
  readonly copies: readonly string[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** check id, e.g. `mode-type-mismatch` (domain.md §6) */
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  /** what will go wrong, in plain words */
  readonly impact: string;
  readonly hint: string;
  readonly files: readonly string[];
  readonly credentials: readonly string[];
  /** what the finding is about when its files and credentials do not say it (auth order entries) */
  readonly subject?: { readonly provider: string; readonly profileId: string };
}

export interface InstallReport {
  readonly label: string;
  readonly stateDir: string;
  readonly configPath: string;
  readonly generation: string;
  readonly version: string | null;
  readonly agents: readonly string[];
  /** how the profiles were read */
  readonly readVia: 'files' | 'openclaw-cli' | 'unavailable';
}

export interface StatusReport {
  readonly schema: 'clawkeeper.status/1';
  readonly generatedAt: number;
  readonly worst: HealthState;
  /** 0 ok, 2 expiring or stale, 1 broken: the `openclaw models status --check` contract */
  readonly exitCode: 0 | 1 | 2;
  readonly credentials: readonly CredentialReport[];
  readonly findings: readonly Finding[];
  readonly installs: readonly InstallReport[];
  readonly notes: readonly string[];
}

const RANK: Record<HealthState, number> = Object.fromEntries(HEALTH_STATES.map((s, i) => [s, i])) as Record<
  HealthState,
  number
>;

export function worseOf(a: HealthState, b: HealthState): HealthState {
  return RANK[a] >= RANK[b] ? a : b;
}

export function worstOf(states: Iterable<HealthState>): HealthState {
  let w: HealthState = 'ok';
  for (const s of states) w = worseOf(w, s);
  return w;
}

/** Exit code compatible with `openclaw models status --check`. */
export function exitCodeOf(state: HealthState): 0 | 1 | 2 {
  if (state === 'ok') return 0;
  if (state === 'expiring' || state === 'stale-copy') return 2;
  return 1;
}

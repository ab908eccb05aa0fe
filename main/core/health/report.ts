/**
 * The status report: plain JSON, no secrets (fingerprints and masked forms only). This is
 * the `clawkeeper status --json` contract and the DTO the tray and window render.
 */

export const HEALTH_STATES = [
  'ok',
  'expiring',
  'stale-copy',
  'blocked',
  'expired',
  'misconfigured',
  'unreadable',
  'needs-reauth',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export type CredentialKind = 'oauth' | 'token' | 'api_key';
export type Owner = 'claude-code' | 'openclaw' | 'static';
export type Route = 'claude-cli' | 'oauth' | 'token' | 'api_key';
export type CredentialSource = 'file' | 'sqlite' | 'keychain' | 'env' | 'openclaw-cli';

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
  /** the finding (check id) behind the state, when there is one: its plan is the hint */
  readonly check?: string | null;
  /** epoch ms, or null when it never expires or is unknown */
  readonly expiresAt: number | null;
  readonly refreshable: boolean;
  readonly fingerprint: string | null;
  readonly masked: string | null;
  /**
   * Entries holding the same login (joined by token value or login lineage, never by profile id):
   * the freshest holder lists every copy, a copy lists only the freshest holder (linear in size).
   */
  readonly copies: readonly string[];
  /** OpenClaw's own records for this profile (usageStats), or null */
  readonly openclaw: OpenClawRecord | null;
  /** what the state rests on: `expiry`, `lineage`, `openclaw-records`, `probe`, `rejected-login`, `file` */
  readonly evidence: readonly string[];
}

/** OpenClaw's own usage record of a profile (its `usageStats`), as read and as reported. */
export interface OpenClawRecord {
  readonly errorCount: number;
  readonly failureCounts: Readonly<Record<string, number>>;
  readonly lastFailureAt: number | null;
  readonly lastUsed: number | null;
  /** the latest of blockedUntil, cooldownUntil, disabledUntil (may be in the past) */
  readonly unusableUntil: number | null;
  readonly unusableKind: 'disabled' | 'cooldown' | 'blocked' | null;
  /** OpenClaw's reason word (`auth`, `rate_limit`, `billing`, …), masked */
  readonly unusableReason: string | null;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** check id, e.g. `mode-type-mismatch` (docs/domain.md §6) */
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
  /** `sqlite`: the databases were read directly; `openclaw-cli`: through `models status` */
  readonly readVia: 'files' | 'sqlite' | 'openclaw-cli' | 'unavailable';
  /** why a SQLite store was read through the CLI instead of directly */
  readonly readNotes: readonly string[];
}

export interface StatusReport {
  readonly schema: 'clawkeeper.status/1';
  readonly generatedAt: number;
  readonly worst: HealthState;
  /** `verdictExitCode` of the credentials and findings: 0 ok, 2 attention, 1 broken (`--check`, doctor) */
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
  if (state === 'expiring' || state === 'stale-copy' || state === 'blocked') return 2;
  return 1;
}

/**
 * The one exit-code rule of `status --check` and `doctor`: the worst of the credential states
 * and the findings (an error finding is 1, a warning 2, info nothing); nothing found at all is 1
 * ("missing", as `openclaw models status --check`).
 */
export function verdictExitCode(
  states: readonly HealthState[],
  findings: ReadonlyArray<Pick<Finding, 'severity'>>,
): 0 | 1 | 2 {
  if (states.length === 0 && findings.length === 0) return 1;
  const codes = [...states.map(exitCodeOf), ...findings.map((f) => SEVERITY_EXIT[f.severity])];
  if (codes.includes(1)) return 1;
  return codes.includes(2) ? 2 : 0;
}

const SEVERITY_EXIT: Record<Severity, 0 | 1 | 2> = { error: 1, warning: 2, info: 0 };

/** The finding severity a credential state amounts to. */
export function severityOf(state: HealthState): Severity {
  const c = exitCodeOf(state);
  return c === 1 ? 'error' : c === 2 ? 'warning' : 'info';
}

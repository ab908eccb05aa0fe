/**
 * The subscription's usage windows as Clawkeeper shows them (plain JSON, no secrets): what the
 * OAuth usage endpoint said for one login, keyed everywhere by the access token's fingerprint.
 * Types only, so the status report can carry them without depending on the reader.
 */

/** `session` (the 5-hour window), `weekly` (all models), `weekly-scoped` (one model or surface). */
export type UsageWindowKind = 'session' | 'weekly' | 'weekly-scoped';

export interface UsageWindow {
  /** stable id: the endpoint's key (`five_hour`, `seven_day`, `seven_day_sonnet`, …) or `scoped:<name>` */
  readonly id: string;
  readonly kind: UsageWindowKind;
  /** what people call it: `Session`, `Week`, `Week (Sonnet)` */
  readonly label: string;
  /** share of the window used, 0–100 as the endpoint sends it (may pass 100) */
  readonly percent: number;
  /** when the window resets (epoch ms), or null when the endpoint did not say */
  readonly resetsAt: number | null;
}

/** Extra usage (overage) for the billing period, when the plan has it. Amounts in minor units. */
export interface ExtraUsage {
  readonly enabled: boolean;
  readonly monthlyLimit: number | null;
  readonly usedCredits: number | null;
  readonly percent: number | null;
  readonly currency: string | null;
  readonly disabledReason: string | null;
}

/** One successful read of the endpoint, parsed. */
export interface UsageSnapshot {
  readonly windows: readonly UsageWindow[];
  readonly extra: ExtraUsage | null;
}

/**
 * `ok`: read within the interval; `stale`: the last read failed, the windows are the last good
 * ones (as of `fetchedAt`, windows already reset left out); `unknown`: nothing usable. None of
 * these is a state of the login: a failed read says nothing about the credential.
 */
export type UsageStatus = 'ok' | 'stale' | 'unknown';

/** What `status --json` (field `usage`, keyed by fingerprint) and the tray know about one login. */
export interface UsageReading {
  readonly fingerprint: string;
  /** the credentials holding this token (the login and its copies), in report order */
  readonly credentials: readonly string[];
  readonly status: UsageStatus;
  /** why the usage is stale or unknown (secret-free), else null */
  readonly reason: string | null;
  /** when the windows shown were read (epoch ms), or null when never */
  readonly fetchedAt: number | null;
  /** when it will be read again at the earliest (epoch ms), or null when nothing is planned */
  readonly nextAt: number | null;
  readonly windows: readonly UsageWindow[];
  readonly extra: ExtraUsage | null;
}

/** A window that is used up, on a credential whose gateway will be refused until it resets. */
export interface UsageLimitNote {
  readonly window: string;
  readonly label: string;
  readonly resetsAt: number;
}

/**
 * When to read a login's usage, and what one answer means for the next read (pure). The endpoint
 * limits requests per access token and is known to keep answering 429 with `retry-after: 0` for
 * hours (anthropics/claude-code#30930), so a 429 backs off for real; a new token (Claude Code's
 * next refresh) is a new fingerprint and is read at once.
 */
import type { UsageAnswer } from '../../ports/usage-endpoint.ts';
import { parseUsageBody } from '../formats/usage-response.ts';
import type { UsageReading, UsageSnapshot, UsageStatus } from '../formats/usage-windows.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

export type UsageFailureKind = 'rate-limited' | 'rejected' | 'unavailable' | 'unknown-shape';

/** What Clawkeeper remembers about one access token's usage (fingerprint only, never the token). */
export interface UsageRecord {
  readonly fingerprint: string;
  /** the last request (successful or not) */
  readonly attemptAt: number;
  /** the last good reading, kept through later failures */
  readonly good: { readonly fetchedAt: number; readonly snapshot: UsageSnapshot } | null;
  /** the last attempt's failure, null when it succeeded; `streak` counts the same failure in a row */
  readonly failure: {
    readonly kind: UsageFailureKind;
    readonly detail: string;
    readonly streak: number;
  } | null;
  /** no request before this time (a back-off), or null */
  readonly retryAt: number | null;
}

/** The decision: read now, or when and why not. */
export interface UsageDue {
  readonly due: boolean;
  readonly at: number;
  readonly reason: string;
}

/** Whether a token's usage is due now (`force`: the user asked, e.g. `clawkeeper usage --refresh`). */
export function usageDue(r: UsageRecord | null, now: number, intervalMs: number, force = false): UsageDue {
  if (force) return { due: true, at: now, reason: 'asked for' };
  if (r === null) return { due: true, at: now, reason: 'never read' };
  if (r.retryAt !== null && r.retryAt > now)
    return { due: false, at: r.retryAt, reason: `backing off: ${r.failure?.detail ?? 'an earlier failure'}` };
  const next = r.attemptAt + intervalMs;
  if (r.retryAt === null && next > now) return { due: false, at: next, reason: 'read recently' };
  return { due: true, at: now, reason: 'interval passed' };
}

/** How long to wait after a failure, by kind and how many times in a row it happened. */
export function backoffMs(
  kind: UsageFailureKind,
  streak: number,
  intervalMs: number,
  retryAfterMs: number | null,
): number {
  const doubling = 2 ** Math.min(10, Math.max(0, streak - 1));
  switch (kind) {
    case 'rate-limited':
      // `retry-after: 0` is what the endpoint says while it keeps refusing: never less than 15 min
      return Math.min(6 * HOUR, Math.max(retryAfterMs ?? 0, Math.max(15 * MIN, 3 * intervalMs) * doubling));
    case 'rejected':
      // the token is not accepted here; its successor (a new fingerprint) is read at once
      return 6 * HOUR;
    case 'unknown-shape':
      return HOUR;
    case 'unavailable':
      return Math.min(HOUR, intervalMs * doubling);
  }
}

/** The record after one answer of the endpoint. */
export function afterAnswer(
  fingerprint: string,
  prev: UsageRecord | null,
  answer: UsageAnswer,
  now: number,
  intervalMs: number,
): UsageRecord {
  let failure: { kind: UsageFailureKind; detail: string; retryAfterMs: number | null };
  if (answer.kind === 'ok') {
    const parsed = parseUsageBody(answer.body);
    if (parsed.ok)
      return {
        fingerprint,
        attemptAt: now,
        good: { fetchedAt: now, snapshot: parsed.snapshot },
        failure: null,
        retryAt: null,
      };
    failure = { kind: 'unknown-shape', detail: parsed.error, retryAfterMs: null };
  } else
    failure = {
      kind: answer.kind,
      detail: answer.detail,
      retryAfterMs: answer.kind === 'rate-limited' ? answer.retryAfterMs : null,
    };
  const streak = prev?.failure?.kind === failure.kind ? prev.failure.streak + 1 : 1;
  return {
    fingerprint,
    attemptAt: now,
    good: prev?.good ?? null,
    failure: { kind: failure.kind, detail: failure.detail, streak },
    retryAt: now + backoffMs(failure.kind, streak, intervalMs, failure.retryAfterMs),
  };
}

/**
 * What a record means now for the faces: `ok` while the last read succeeded and is recent,
 * `stale` when a later read failed (or no keeper has read it for a while), `unknown` when there
 * is nothing to show. Windows that have reset since they were read are left out.
 */
export function readingOf(
  fingerprint: string,
  credentials: readonly string[],
  r: UsageRecord | null,
  now: number,
  intervalMs: number,
): UsageReading {
  const nextAt = r === null ? null : usageDue(r, now, intervalMs).at;
  if (r === null)
    return {
      fingerprint,
      credentials,
      status: 'unknown',
      reason: 'not read yet',
      fetchedAt: null,
      nextAt,
      windows: [],
      extra: null,
    };
  const good = r.good;
  const fresh = good !== null && now - good.fetchedAt <= Math.max(2 * intervalMs, 10 * MIN);
  let status: UsageStatus;
  let reason: string | null;
  if (good === null) [status, reason] = ['unknown', r.failure?.detail ?? 'not read yet'];
  else if (r.failure !== null) [status, reason] = ['stale', r.failure.detail];
  else if (!fresh)
    [status, reason] = ['stale', 'not read again since (is the tray app or `clawkeeper watch` running?)'];
  else [status, reason] = ['ok', null];
  return {
    fingerprint,
    credentials,
    status,
    reason,
    fetchedAt: good?.fetchedAt ?? null,
    nextAt,
    windows: good?.snapshot.windows.filter((w) => w.resetsAt === null || w.resetsAt > now) ?? [],
    extra: good?.snapshot.extra ?? null,
  };
}

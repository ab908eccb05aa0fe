import type { StatusReport } from '../health/report.ts';
import type { Settings } from '../settings/settings.ts';

/** The one id the keeper refreshes: Claude Code's own login. */
export const CLAUDE_LOGIN_ID = 'claude-code';

/** How long before expiry the keeper renews Claude Code's login. */
export function refreshLeadMs(settings: Settings): number {
  return settings.refresh.leadMinutes * 60_000;
}

/** The moment a login expiring at `expiresAt` becomes due for refresh. */
export function refreshDueAt(expiresAt: number, leadMs: number): number {
  return expiresAt - leadMs;
}

/**
 * The one "is due" rule: a login is due once it is within the lead time of its expiry (or when
 * forced). The refresher decides with it and the schedule wakes up at `refreshDueAt`, so the
 * keeper never looks at a different moment from when it would refresh.
 */
export function isRefreshDue(expiresAt: number, now: number, leadMs: number, force = false): boolean {
  return force || now >= refreshDueAt(expiresAt, leadMs);
}

export type NextCheckReason = 'refresh-due' | 'warn-window' | 'expiry' | 'retry' | 'cap' | 'confirm';

/** When the keeper looks again, and why (for the timeline and the log). */
export interface NextCheck {
  readonly at: number;
  readonly reason: NextCheckReason;
  /** the credential whose moment it is, when there is one */
  readonly credential: string | null;
}

/**
 * When the keeper should look again (pure): the earliest of "Claude's login becomes due", a
 * retry after back-off, a static token crossing its warn window or expiring, and the cap. Never
 * sooner than `minMs` from now.
 */
export function nextCheck(
  report: StatusReport,
  settings: Settings,
  now: number,
  retryAt: number | null = null,
  minMs = 1000,
): NextCheck {
  let best: NextCheck = {
    at: now + settings.keeper.maxIntervalMinutes * 60_000,
    reason: 'cap',
    credential: null,
  };
  const consider = (at: number, reason: NextCheckReason, credential: string | null) => {
    if (at < best.at) best = { at, reason, credential };
  };
  const lead = refreshLeadMs(settings);
  const warn = settings.health.staticWarnDays * 86_400_000;
  for (const c of report.credentials) {
    if (c.expiresAt === null) continue;
    if (c.id === CLAUDE_LOGIN_ID && c.refreshable && settings.refresh.strategy !== 'off')
      consider(refreshDueAt(c.expiresAt, lead), 'refresh-due', c.id);
    else {
      // the moments its health changes: entering the warn window, expiring
      if (c.expiresAt - warn > now) consider(c.expiresAt - warn, 'warn-window', c.id);
      if (c.expiresAt > now) consider(c.expiresAt, 'expiry', c.id);
    }
  }
  if (retryAt !== null) consider(retryAt, 'retry', CLAUDE_LOGIN_ID);
  return { ...best, at: Math.max(now + minMs, best.at) };
}

/** Exponential back-off with full jitter and a cap; `Retry-After` wins when it is longer. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0));
}

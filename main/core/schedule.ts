import type { StatusReport } from './report.ts';
import type { Settings } from './settings.ts';

/**
 * When the keeper should look again (pure): the earliest of "Claude's login enters the refresh
 * lead window", a retry after back-off, a static token crossing its warn window or expiring,
 * and the cap. Never sooner than `minMs` from now.
 */
export function nextCheckAt(
  report: StatusReport,
  settings: Settings,
  now: number,
  extra: ReadonlyArray<number | null> = [],
  minMs = 1000,
): number {
  const cap = now + settings.keeper.maxIntervalMinutes * 60_000;
  const lead = settings.refresh.leadMinutes * 60_000;
  const warn = settings.health.staticWarnDays * 86_400_000;
  const candidates: number[] = [cap];
  for (const c of report.credentials) {
    if (c.expiresAt === null) continue;
    if (c.id === 'claude-code' && c.refreshable && settings.refresh.strategy !== 'off')
      candidates.push(c.expiresAt - lead);
    else {
      // the moments its health changes: entering the warn window, expiring
      for (const t of [c.expiresAt - warn, c.expiresAt]) if (t > now) candidates.push(t);
    }
  }
  for (const t of extra) if (t !== null) candidates.push(t);
  return Math.max(now + minMs, Math.min(...candidates));
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

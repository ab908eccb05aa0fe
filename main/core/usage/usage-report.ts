/**
 * Puts the usage readings into a status report (pure): the `usage` field, keyed by the access
 * token's fingerprint, and, on a credential OpenClaw has blocked, which window is used up and
 * until when ("rate-limited until Mon 09:00: the Week limit is used up"). States are not changed:
 * usage, known or not, is never a verdict on the login.
 */
import { formatReset } from '../../../common/usage-words.ts';
import type { CredentialReport, StatusReport } from '../health/report.ts';
import { readingOf, type UsageRecord } from './usage-policy.ts';
import type { UsageLimitNote, UsageReading } from '../formats/usage-windows.ts';

export interface UsageView {
  readonly now: number;
  readonly intervalMs: number;
  /** fingerprints the keeper reads (shown as `unknown` until their first reading); default none */
  readonly reading?: ReadonlySet<string>;
}

/** The window that blocks a token until it resets: the full one that resets last. */
export function usedUp(r: UsageReading, now: number): UsageLimitNote | null {
  let out: UsageLimitNote | null = null;
  for (const w of r.windows)
    if (
      w.percent >= 100 &&
      w.resetsAt !== null &&
      w.resetsAt > now &&
      (out === null || w.resetsAt > out.resetsAt)
    )
      out = { window: w.id, label: w.label, resetsAt: w.resetsAt };
  return out;
}

function withLimit(c: CredentialReport, note: UsageLimitNote | null, now: number): CredentialReport {
  // only a rate limit ends with the window; a profile disabled after auth failures does not
  const why = c.openclaw?.unusableReason ?? null;
  if (note === null || c.state !== 'blocked' || (why !== null && why !== 'rate_limit')) return c;
  return {
    ...c,
    usageLimit: note,
    reason: `${c.reason}; the ${note.label} limit is used up until ${formatReset(note.resetsAt, now)}`,
  };
}

/** The report with `usage` for every token it holds that has a reading (or is being read). */
export function withUsage(
  report: StatusReport,
  records: ReadonlyMap<string, UsageRecord>,
  view: UsageView,
): StatusReport {
  const holders = new Map<string, string[]>();
  for (const c of report.credentials) {
    const fp = c.fingerprint;
    if (fp === null || (!records.has(fp) && !view.reading?.has(fp))) continue;
    const ids = holders.get(fp);
    if (ids) ids.push(c.id);
    else holders.set(fp, [c.id]);
  }
  if (holders.size === 0) return report;
  const usage: Record<string, UsageReading> = {};
  for (const [fp, ids] of holders)
    usage[fp] = readingOf(fp, ids, records.get(fp) ?? null, view.now, view.intervalMs);
  return {
    ...report,
    credentials: report.credentials.map((c) => {
      const r = c.fingerprint === null ? undefined : usage[c.fingerprint];
      return r ? withLimit(c, usedUp(r, view.now), view.now) : c;
    }),
    usage,
  };
}

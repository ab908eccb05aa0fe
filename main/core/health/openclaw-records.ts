/**
 * OpenClaw's own records about a profile, read from `usageStats[profileId]` of its store (the
 * profiles file in the JSON generations, `auth-state.json` from 2026.4, the database rows in the
 * SQLite ones), with OpenClaw's own field names (checked against Clawdbot 2026.1.24-3 and
 * OpenClaw 2026.6.1: `errorCount`, `failureCounts`, `lastFailureAt`, `lastUsed`,
 * `cooldownUntil`/`cooldownReason`, `disabledUntil`/`disabledReason`, `blockedUntil`/`blockedReason`).
 *
 * OpenClaw skips a profile while `max(blockedUntil, cooldownUntil, disabledUntil)` is in the
 * future. Replacing a profile's credential (`models auth paste-token`) keeps the marks in both
 * releases; a successful request or `models auth login` (2026.6.1) clears them.
 */
import { formatDuration, formatTime } from '../../../common/duration.ts';
import { redactTokens } from '../kernel/redact.ts';
import type { AgentStore } from '../discovery/inventory.ts';
import type { OpenClawRecord } from './report.ts';

const AUTH_REASONS = new Set(['auth', 'auth_permanent', 'session_expired']);

const time = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
const word = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? redactTokens(v.slice(0, 64)) : null;

function parseStats(raw: unknown): OpenClawRecord | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const s = raw as Record<string, unknown>;
  const counts: Record<string, number> = {};
  if (typeof s.failureCounts === 'object' && s.failureCounts !== null && !Array.isArray(s.failureCounts))
    for (const [k, v] of Object.entries(s.failureCounts as Record<string, unknown>))
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) counts[redactTokens(k.slice(0, 64))] = v;
  const marks = (
    [
      ['disabled', time(s.disabledUntil), word(s.disabledReason)],
      ['cooldown', time(s.cooldownUntil), word(s.cooldownReason)],
      ['blocked', time(s.blockedUntil), word(s.blockedReason)],
    ] as const
  ).filter((m) => m[1] !== null);
  const latest = marks.reduce<(typeof marks)[number] | null>(
    (a, m) => (a === null || (m[1] ?? 0) > (a[1] ?? 0) ? m : a),
    null,
  );
  return {
    errorCount:
      typeof s.errorCount === 'number' && Number.isFinite(s.errorCount) ? Math.max(0, s.errorCount) : 0,
    failureCounts: counts,
    lastFailureAt: time(s.lastFailureAt),
    lastUsed: time(s.lastUsed),
    unusableUntil: latest?.[1] ?? null,
    unusableKind: latest?.[0] ?? null,
    unusableReason: latest?.[2] ?? null,
  };
}

/** The record of `profileId` in an agent's store: the state file wins over the profiles file. */
export function recordOf(agent: AgentStore, profileId: string): OpenClawRecord | null {
  const fromState = agent.state.status === 'ok' ? agent.state.value.usageStats?.[profileId] : undefined;
  const fromProfiles =
    agent.profiles.status === 'ok' ? agent.profiles.value.usageStats?.[profileId] : undefined;
  return parseStats(fromState ?? fromProfiles);
}

/** Auth failures OpenClaw counted for the profile (rate limits and overloads are not about the token). */
export function authFailures(r: OpenClawRecord): number {
  let n = 0;
  for (const [k, v] of Object.entries(r.failureCounts)) if (AUTH_REASONS.has(k)) n += v;
  if (n === 0 && r.unusableReason !== null && AUTH_REASONS.has(r.unusableReason))
    n = Math.max(1, r.errorCount);
  return n;
}

export function isAuthMark(r: OpenClawRecord): boolean {
  return r.unusableReason !== null && (AUTH_REASONS.has(r.unusableReason) || r.unusableReason === 'billing');
}

/** "disabled until 14:05 (in 4 h 59 m) after auth failures" */
export function describeMark(r: OpenClawRecord, now: number): string {
  const until = r.unusableUntil ?? now;
  const why =
    r.unusableReason === 'rate_limit'
      ? 'rate-limited'
      : r.unusableReason === null
        ? (r.unusableKind ?? 'blocked')
        : `${r.unusableKind ?? 'blocked'} (${r.unusableReason})`;
  return `${why} until ${formatTime(until, now)} (in ${formatDuration(until - now)})`;
}

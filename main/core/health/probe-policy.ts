/**
 * The liveness probe's policy: which credentials need one and when. A probe settles what expiry
 * cannot: a token without `expires`, a copy whose lineage is unknown, anything OpenClaw recorded
 * auth failures for. Access tokens only, never a refresh token or an API key; each fingerprint
 * at most once per window (6 h by default), again after a wake-up. Pure.
 */
import { classifyToken } from '../formats/token.ts';
import type { Secret } from '../kernel/secret.ts';
import type { Entry } from './entry.ts';
import type { Evidence } from './evidence-memory.ts';
import { authFailures } from './openclaw-records.ts';

export type ProbeWhy =
  'on-demand' | 'no-expiry' | 'openclaw-auth-failures' | 'unknown-lineage' | 'after-crash';

export interface ProbeCandidate {
  readonly fingerprint: string;
  readonly token: Secret;
  readonly why: ProbeWhy;
}

export const PROBE_WINDOW_MS = 6 * 3_600_000;

function whyProbe(e: Entry, afterCrash: boolean): ProbeWhy | null {
  if (e.record && authFailures(e.record) > 0) return 'openclaw-auth-failures';
  // Claude Code's own login is settled by its refresh, unless a run died mid-refresh: then one
  // request tells whether the login on disk still works
  if (e.claude) return afterCrash ? 'after-crash' : null;
  if (e.expiresAt === null) return 'no-expiry';
  // a token nothing renews and nobody vouches for: an expiry in the future proves nothing
  if (e.refresh === null && !e.selfRenewing) return 'unknown-lineage';
  return null;
}

export function probeCandidates(
  entries: readonly Entry[],
  ev: Evidence,
  now: number,
  opts: { mode: 'all' | 'due'; afterWake?: boolean; afterCrash?: boolean; windowMs?: number },
): ProbeCandidate[] {
  const window = opts.windowMs ?? PROBE_WINDOW_MS;
  const seen = new Set<string>();
  const out: ProbeCandidate[] = [];
  for (const e of entries) {
    const token = e.value;
    if (!token || e.kind === 'api_key' || seen.has(token.fingerprint)) continue;
    if (classifyToken(token.reveal()).kind !== 'oauth-access') continue;
    const why = opts.mode === 'all' ? 'on-demand' : whyProbe(e, opts.afterCrash ?? false);
    if (!why) continue;
    const last = ev.probes.get(token.fingerprint);
    if (opts.mode === 'due' && last && now - last.at < window && !opts.afterWake && !opts.afterCrash)
      continue;
    seen.add(token.fingerprint);
    out.push({ fingerprint: token.fingerprint, token, why });
  }
  return out;
}

/**
 * Which judgments may notify at once and which must hold for two passes first. Settled evidence
 * is an answer nobody has to wait for: the token endpoint rejecting the login's refresh token,
 * Anthropic answering 401 to a probe, OpenClaw's own records of failures or cooldowns, and the
 * clock against a token nothing renews. Everything else (lineage, files mid-write, a copy the
 * keeper renews, a state folder that moved) is said only once the next pass still finds it: the
 * keeper's own next pass may withdraw it, and an alert that is taken back a minute later teaches
 * people to ignore alerts.
 */
import type { CredentialReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';

const SETTLED_EVIDENCE = new Set(['rejected-login', 'probe', 'openclaw-records']);

/**
 * A credential the gateway never sends (the resolution model's `sent`): no notice is about it.
 * With no gateway at all (a report without routes) every credential counts, as it decides then.
 */
export function notSent(
  c: CredentialReport,
  report?: { readonly routes?: readonly unknown[] } | null,
): boolean {
  if (report && (report.routes?.length ?? 0) === 0) return false;
  const sent = (c as { readonly sent?: unknown }).sent;
  return sent === 'never' || sent === 'unused';
}

/** Nothing renews it: a setup-token or a key, not a copy of Claude Code's login. */
export const isStatic = (c: CredentialReport): boolean => c.owner === 'static';

/** Whether the credential's verdict rests on settled evidence. */
export function settledVerdict(c: CredentialReport): boolean {
  if (c.evidence.some((e) => SETTLED_EVIDENCE.has(e))) return true;
  // the clock against a token nothing renews: expired or expiring is a fact, not a guess
  return (c.state === 'expired' || c.state === 'expiring') && isStatic(c);
}

/** Whether a notice an event raised rests on settled evidence. */
export function settledEvent(e: KeeperEvent, cred: CredentialReport | undefined): boolean {
  if (e.type === 'refresh-failed') return true; // it failed that many times: counted, not judged
  if (e.type === 'needs-reauth')
    return e.cause === 'refresh-rejected' || (cred !== undefined && settledVerdict(cred));
  return false;
}

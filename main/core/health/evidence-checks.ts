/**
 * Judgments that rest on evidence beyond expiry: the liveness probe, the rejected-login memory
 * and OpenClaw's own usage records. Pure.
 */
import { formatTime } from '../../../common/duration.ts';
import type { Entry, Problem } from './entry.ts';
import type { Evidence } from './evidence-memory.ts';
import { authFailures, describeMark, isAuthMark } from './openclaw-records.ts';
import { cliNameOf, reloadCommandOf } from './install-commands.ts';

const REJECTED = 'Anthropic rejects this token';

function renewHint(e: Entry): string {
  if (e.claude) return 'Run `claude` and type /login (or `claude auth login`) on this machine';
  if (e.kind === 'oauth' && e.install)
    return `Run \`${cliNameOf(e.install)} models auth login --provider anthropic\` (or \`clawkeeper sync\` if it is a copy of Claude Code's login)`;
  return 'Run `claude setup-token`, then `clawkeeper paste-token`';
}

/** The one problem evidence shows for this entry, if any (worst first). */
export function evidenceProblem(
  e: Entry,
  ev: Evidence,
  sightingSince: SlotSighting | null,
  now: number,
): Problem | null {
  const files = e.source === 'file' ? [e.location] : [];
  // A rejected refresh token: the login is dead until it changes (item 6).
  const rejectedAt = e.refresh ? ev.rejected.get(e.refresh.fingerprint) : undefined;
  if (rejectedAt !== undefined)
    return {
      state: 'needs-reauth',
      reason: `the token endpoint rejected this login's refresh token (invalid_grant, ${formatTime(rejectedAt, now)}); it stays rejected until the login changes`,
      hint: renewHint(e),
      check: 'login-rejected',
      impact: 'Nothing can renew this login; every copy stops working when its access token expires.',
      files,
    };
  const probe = e.value ? ev.probes.get(e.value.fingerprint) : undefined;
  if (probe?.outcome === 'dead')
    return {
      state: 'needs-reauth',
      reason: `${REJECTED} (liveness probe, ${formatTime(probe.at, now)})`,
      hint: renewHint(e),
      check: 'token-rejected',
      impact: 'Every request with this credential fails with 401.',
      files,
    };
  const r = e.record;
  if (!r) return null;
  const failures = authFailures(r);
  // Failures recorded before this token replaced the previous one are not about it; nor are
  // those a later probe disproved.
  const replacedAfter =
    sightingSince !== null &&
    sightingSince.replaced &&
    r.lastFailureAt !== null &&
    r.lastFailureAt < sightingSince.since;
  const aliveAfter = probe?.outcome === 'alive' && (r.lastFailureAt === null || probe.at > r.lastFailureAt);
  const markActive = r.unusableUntil !== null && r.unusableUntil > now;
  if (failures > 0 && !replacedAfter && !aliveAfter)
    return {
      state: 'needs-reauth',
      reason: `OpenClaw recorded ${failures} auth failure(s) for this token${r.lastFailureAt ? `, the last at ${formatTime(r.lastFailureAt, now)}` : ''}${markActive ? `; ${describeMark(r, now)}` : ''}`,
      hint: renewHint(e),
      check: 'openclaw-auth-failures',
      impact: 'OpenClaw skips this profile or fails with 401 until the credential is replaced.',
      files,
    };
  if (!markActive) return null;
  const install = e.install;
  const reload = install ? reloadCommandOf(install) : 'restart the gateway';
  const hint =
    isAuthMark(r) && (replacedAfter || aliveAfter)
      ? `The mark was set for the token this profile held before; OpenClaw keeps it when a token is replaced. It ends at ${formatTime(r.unusableUntil, now)}; to use the new token now run \`clawkeeper doctor --fix\` (clears the mark as \`${install ? cliNameOf(install) : 'openclaw'} models auth login\` does), then \`${reload}\``
      : `Nothing to do: OpenClaw tries it again after ${formatTime(r.unusableUntil, now)}`;
  return {
    state: 'blocked',
    reason: `OpenClaw does not use it now: ${describeMark(r, now)}${r.errorCount ? `, ${r.errorCount} error(s)` : ''}`,
    hint,
    ...(isAuthMark(r) && (replacedAfter || aliveAfter)
      ? {
          check: 'openclaw-stale-mark',
          impact: 'The new token goes unused until the mark ends.',
          files,
        }
      : {}),
  };
}

export interface SlotSighting {
  /** when the slot's current token was first seen */
  readonly since: number;
  /** a different token was seen in this slot before */
  readonly replaced: boolean;
}

import type { KeeperEvent } from '../contracts.ts';
import type { Settings } from '../settings/settings.ts';
import type { RefreshGate } from './refresh-gate.ts';
import { CLAUDE_LOGIN_ID } from './refresh-policy.ts';
import type { RefreshResult } from './refresher.ts';

/**
 * What one refresh attempt means for the gate (back-off, a rejected login held shut) and which
 * events it is told as; `changed` when the login now holds another token.
 */
export function refreshOutcome(
  result: RefreshResult,
  gate: RefreshGate,
  now: number,
  settings: Settings,
): { events: KeeperEvent[]; changed: boolean } {
  const events: KeeperEvent[] = [];
  const credential = CLAUDE_LOGIN_ID;
  switch (result.kind) {
    case 'refreshed':
      gate.succeeded();
      events.push({
        type: 'refreshed',
        at: now,
        credential,
        fingerprint: result.fingerprint,
        expiresAt: result.expiresAt,
      });
      return { events, changed: true };
    case 'skipped':
      if (result.reason === 'busy') gate.busy(now);
      if (result.reason === 'busy' || result.reason === 'someone-else-refreshed')
        events.push({
          type: 'refresh-skipped',
          at: now,
          credential,
          reason:
            result.reason === 'busy'
              ? 'another Claude Code process holds the refresh lock'
              : 'another process refreshed first; using its token',
        });
      return { events, changed: result.reason === 'someone-else-refreshed' };
    case 'rejected': {
      const attempt = gate.rejected(result.refreshFingerprint);
      events.push({
        type: 'refresh-failed',
        at: now,
        credential,
        error: result.error,
        retryable: false,
        attempt,
        nextAttemptAt: null,
      });
      events.push({
        type: 'needs-reauth',
        at: now,
        credential,
        reason: `the refresh token was rejected (${result.error})`,
        hint: 'Run `claude` and type /login to sign in again',
        cause: 'refresh-rejected',
      });
      return { events, changed: false };
    }
    case 'transient':
    case 'failed': {
      const retryAfter = result.kind === 'transient' ? result.retryAfterMs : null;
      const { attempt, retryAt } = gate.failed(now, settings, retryAfter);
      events.push({
        type: 'refresh-failed',
        at: now,
        credential,
        error: result.error,
        retryable: true,
        attempt,
        nextAttemptAt: retryAt,
      });
      return { events, changed: false };
    }
  }
}

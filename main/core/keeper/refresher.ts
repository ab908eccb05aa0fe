import type { Clock } from '../../ports/clock.ts';
import type { Locks } from '../../ports/locks.ts';
import type { TokenEndpoint } from '../../ports/token-endpoint.ts';
import type { ClaudeLoginStore } from '../discovery/claude-login-store.ts';
import { AppError, toAppError } from '../kernel/errors.ts';
import { isRefreshDue } from './refresh-policy.ts';

export type RefreshResult =
  | { kind: 'refreshed'; fingerprint: string; refreshFingerprint: string; expiresAt: number }
  | {
      kind: 'skipped';
      reason: 'not-due' | 'someone-else-refreshed' | 'busy' | 'no-login' | 'blanked' | 'no-refresh-token';
    }
  | { kind: 'rejected'; error: string; refreshFingerprint: string }
  | { kind: 'transient'; error: string; retryAfterMs: number | null }
  | { kind: 'failed'; error: string };

export interface RefreshDeps {
  readonly locks: Locks;
  readonly endpoint: TokenEndpoint;
  readonly clock: Clock;
}

/**
 * Refreshes Claude Code's login as one more Claude Code process would (domain.md §2): take the
 * refresh lock pair, re-read, stop if somebody else refreshed or it is not due, call the
 * endpoint, then persist both new tokens at once under the storage lock, merging every field.
 */
export async function refreshClaudeLogin(
  deps: RefreshDeps,
  store: ClaudeLoginStore,
  opts: { leadMs: number; force: boolean },
): Promise<RefreshResult> {
  const before = await store.readLogin();
  if (!before) return { kind: 'skipped', reason: 'no-login' };
  if (before.login.blanked) return { kind: 'skipped', reason: 'blanked' };
  const due = (expiresAt: number) => isRefreshDue(expiresAt, deps.clock.now(), opts.leadMs, opts.force);
  if (!due(before.login.expiresAt)) return { kind: 'skipped', reason: 'not-due' };
  if (!before.login.refresh) return { kind: 'skipped', reason: 'no-refresh-token' };

  const lock = await deps.locks.claudeRefresh(store.dir);
  if (!lock) return { kind: 'skipped', reason: 'busy' };
  try {
    const inside = await store.readLogin();
    if (!inside || inside.login.blanked) return { kind: 'skipped', reason: inside ? 'blanked' : 'no-login' };
    if (inside.login.access?.fingerprint !== before.login.access?.fingerprint)
      return { kind: 'skipped', reason: 'someone-else-refreshed' };
    if (!due(inside.login.expiresAt)) return { kind: 'skipped', reason: 'not-due' };
    const refresh = inside.login.refresh;
    if (!refresh) return { kind: 'skipped', reason: 'no-refresh-token' };

    const outcome = await deps.endpoint.refresh(refresh, inside.login.scopes);
    if (outcome.kind === 'rejected')
      return { kind: 'rejected', error: outcome.error, refreshFingerprint: refresh.fingerprint };
    if (outcome.kind === 'transient')
      return { kind: 'transient', error: outcome.error, retryAfterMs: outcome.retryAfterMs };

    const grant = outcome.grant;
    const newRefresh = grant.refresh ?? refresh;
    const expiresAt = deps.clock.now() + grant.expiresInSec * 1000;
    // The old refresh token is dead from here on: persist before anything else.
    const storage = await deps.locks.claudeStorage(store.dir, 10_000);
    try {
      const latest = await store.readLogin().catch((e: unknown) => {
        throw new AppError(
          'write-failed',
          `new tokens were issued but ${store.location} can no longer be read (${toAppError(e).message}); run \`claude /login\``,
        );
      });
      const base = latest?.raw ?? before.raw;
      const oauth = { ...((base.claudeAiOauth as Record<string, unknown> | undefined) ?? {}) };
      oauth.accessToken = grant.access.reveal();
      oauth.refreshToken = newRefresh.reveal();
      oauth.expiresAt = expiresAt;
      if (grant.scope) oauth.scopes = grant.scope.split(' ').filter(Boolean);
      await store.writeText(JSON.stringify({ ...base, claudeAiOauth: oauth }));
    } finally {
      await storage.release();
    }
    return {
      kind: 'refreshed',
      fingerprint: grant.access.fingerprint,
      refreshFingerprint: newRefresh.fingerprint,
      expiresAt,
    };
  } catch (e: unknown) {
    return { kind: 'failed', error: toAppError(e, 'write-failed').message };
  } finally {
    await lock.release();
  }
}

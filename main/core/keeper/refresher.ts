import type { Clock } from '../../ports/clock.ts';
import type { Locks } from '../../ports/locks.ts';
import type { TokenEndpoint, TokenGrant } from '../../ports/token-endpoint.ts';
import type { ClaudeLoginStore } from '../discovery/claude-login-store.ts';
import { AppError, toAppError } from '../kernel/errors.ts';
import { isRefreshDue } from './refresh-policy.ts';
import { withTokens, type JournalPair, type RefreshJournal } from './refresh-journal.ts';
import type { Secret } from '../kernel/secret.ts';

/** The pair a grant gives: a grant without a refresh token keeps the one just spent. */
function pairOf(grant: TokenGrant, spent: Secret, now: number): JournalPair {
  return {
    access: grant.access,
    refresh: grant.refresh ?? spent,
    expiresAt: now + grant.expiresInSec * 1000,
    scopes: grant.scope ? grant.scope.split(' ').filter(Boolean) : null,
  };
}

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
  /** where the new pair goes first (the data dir); absent only in unit tests of the flow */
  readonly journal?: RefreshJournal;
}

/**
 * Refreshes Claude Code's login as one more Claude Code process would (docs/domain.md §2): take the
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

    await deps.journal?.prepare().catch(() => undefined);
    // The old refresh token is dead once the endpoint answers: the new pair goes to the journal
    // inside the endpoint's own callback, in the turn its last byte is read (the file is in place
    // before `record` returns; the fsyncs follow), then to the store.
    const got: { pair?: JournalPair; write?: Promise<void> } = {};
    const journalGrant = (grant: TokenGrant) => {
      got.pair = pairOf(grant, refresh, deps.clock.now());
      if (deps.journal) got.write = deps.journal.record(store.store, refresh, got.pair, deps.clock.now());
    };
    const outcome = await deps.endpoint.refresh(refresh, inside.login.scopes, journalGrant);
    if (outcome.kind === 'rejected')
      return { kind: 'rejected', error: outcome.error, refreshFingerprint: refresh.fingerprint };
    if (outcome.kind === 'transient')
      return { kind: 'transient', error: outcome.error, retryAfterMs: outcome.retryAfterMs };

    // an endpoint that did not call back (a test double): journal now, before anything else
    if (!got.pair) journalGrant(outcome.grant);
    const { access, refresh: newRefresh, expiresAt, scopes } = got.pair ?? pairOf(outcome.grant, refresh, 0);
    // no journal (disk full, data dir unwritable): the store write below is all there is
    const journalled = got.write
      ? await got.write.then(
          () => true,
          () => false,
        )
      : false;
    try {
      const storage = await deps.locks.claudeStorage(store.dir, 10_000);
      try {
        const latest = await store.readLogin().catch((e: unknown) => {
          throw new AppError(
            'write-failed',
            `new tokens were issued but ${store.location} can no longer be read (${toAppError(e).message})`,
          );
        });
        const base = latest?.raw ?? before.raw;
        await store.writeText(
          withTokens(base, {
            access: access.reveal(),
            refresh: newRefresh.reveal(),
            expiresAt,
            scopes,
          }),
        );
      } finally {
        await storage.release();
      }
    } catch (e: unknown) {
      throw new AppError(
        'write-failed',
        journalled
          ? `${toAppError(e).message}; the new tokens are kept in ${deps.journal!.path} and will be written on the next run`
          : `${toAppError(e).message}; run \`claude /login\``,
      );
    }
    if (journalled) await deps.journal!.clear().catch(() => undefined);
    return {
      kind: 'refreshed',
      fingerprint: access.fingerprint,
      refreshFingerprint: newRefresh.fingerprint,
      expiresAt,
    };
  } catch (e: unknown) {
    return { kind: 'failed', error: toAppError(e, 'write-failed').message };
  } finally {
    await lock.release();
  }
}

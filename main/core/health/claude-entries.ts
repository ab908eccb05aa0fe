import { loginOf } from '../formats/claude-credentials.ts';
import type { Inventory } from '../discovery/inventory.ts';
import { base, RELOGIN, unreadable, type Entry } from './entry.ts';
import { shapeProblems } from './slot-checks.ts';

/**
 * Claude Code's own stores (file, Keychain): one entry each. `now` and the sign-in warn window
 * judge Claude Code's `refreshTokenExpiresAt` (its sign-in end).
 */
export function claudeEntries(inv: Inventory, now = Date.now(), signInWarnMs = 3 * 86_400_000): Entry[] {
  return inv.claude.map((store) => {
    const id = store.primary
      ? 'claude-code'
      : `claude-code@${store.source === 'file' ? 'file' : store.location}`;
    if (store.read.status !== 'ok') {
      const error = store.read.status === 'unreadable' ? store.read.error : 'missing';
      return unreadable(
        id,
        store.location,
        store.source,
        error,
        `Fix or remove it, then ${RELOGIN.toLowerCase()}; Clawkeeper never rewrites a file it cannot parse`,
      );
    }
    const login = loginOf(store.read.value);
    const e = base({
      id,
      location: store.location,
      source: store.source,
      kind: 'oauth',
      route: 'oauth',
      claude: store,
      provider: 'anthropic',
    });
    if (!login) {
      e.problems.push({
        state: 'needs-reauth',
        reason: 'Claude Code holds no subscription login here',
        hint: RELOGIN,
        check: 'claude-login-missing',
      });
      return e;
    }
    const entry: Entry = {
      ...e,
      value: login.access,
      refresh: login.refresh,
      expiresAt: login.expiresAt > 0 ? login.expiresAt : null,
    };
    if (login.blanked) {
      entry.problems.push({
        state: 'needs-reauth',
        reason:
          login.loginEnded === 'time_limit'
            ? 'the sign-in reached its time limit and Claude Code ended it'
            : login.loginEnded
              ? `Claude Code ended the login (${login.loginEnded.slice(0, 40)})`
              : 'Claude Code blanked its login after a rejected refresh',
        hint: RELOGIN,
        check: 'claude-login-blanked',
        impact: 'Every copy of this login stops working when its access token expires.',
        files: [store.location],
      });
    } else if (!login.access) {
      entry.problems.push({
        state: 'needs-reauth',
        reason: 'the login has no access token',
        hint: RELOGIN,
        check: 'claude-login-missing',
      });
    }
    const end = login.refreshTokenExpiresAt;
    if (!login.blanked && end !== null && end - now <= signInWarnMs) {
      const when = new Date(end).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');
      entry.problems.push(
        end <= now
          ? {
              state: 'needs-reauth',
              reason: `the sign-in ended at ${when}; nothing can renew it`,
              hint: RELOGIN,
              check: 'claude-sign-in-ended',
            }
          : {
              state: 'expiring',
              reason: `the sign-in ends at ${when}; after that nothing can renew it`,
              hint: `${RELOGIN} before then`,
              check: 'claude-sign-in-ending',
            },
      );
    }
    shapeProblems(entry, login.access, 'oauth-access');
    if (login.refresh) shapeProblems(entry, login.refresh, 'oauth-refresh');
    return entry;
  });
}

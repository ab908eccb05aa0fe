import { loginOf } from '../formats/claude-credentials.ts';
import type { Inventory } from '../discovery/inventory.ts';
import { base, RELOGIN, unreadable, type Entry } from './entry.ts';
import { shapeProblems } from './slot-checks.ts';

/** Claude Code's own stores (file, Keychain): one entry each. */
export function claudeEntries(inv: Inventory): Entry[] {
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
        reason: 'Claude Code blanked its login after a rejected refresh',
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
    shapeProblems(entry, login.access, 'oauth-access');
    if (login.refresh) shapeProblems(entry, login.refresh, 'oauth-refresh');
    return entry;
  });
}

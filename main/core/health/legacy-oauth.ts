/**
 * Legacy `<state>/credentials/oauth.json`, judged by what the releases do with it (read in
 * Clawdbot 2026.1.24-3 `mergeOAuthFileIntoStore` and OpenClaw 2026.6.1): it is imported as
 * `<provider>:default` when the main agent has no `auth-profiles.json` yet; beside an existing
 * store it is ignored. A refresh token Claude Code's login has since rotated away is dead.
 */
import { primaryLogin, type Inventory } from '../discovery/inventory.ts';
import type { Entry, Problem } from './entry.ts';
import { cliNameOf } from './install-commands.ts';

export function isLegacyOauth(e: Entry): boolean {
  return (
    e.install !== null && e.agent === null && e.id.endsWith('credentials/oauth.json') && e.kind === 'oauth'
  );
}

export function legacyOauthProblem(
  e: Entry,
  group: readonly Entry[],
  inv: Inventory,
  knownLogin: readonly string[],
): Problem | null {
  if (!isLegacyOauth(e) || !e.install) return null;
  const install = e.install;
  const cli = cliNameOf(install);
  // Beside a store the release ignores it: a leftover, never sent (the resolution model lists it
  // among the skipped candidates, and an agent left with nothing is its no-usable-credential)
  const main = install.agents.find((a) => a.agentId === 'main');
  if (main && main.profiles.status !== 'missing')
    return {
      state: 'ok',
      reason: `${cli} ignores this legacy file because auth-profiles.json exists beside it (a leftover; nothing uses it)`,
      hint: null,
    };
  // Imported on the next load: a rotated refresh token cannot renew it.
  const current = primaryLogin(inv)?.refresh?.fingerprint ?? null;
  if (
    e.refresh &&
    current !== null &&
    e.refresh.fingerprint !== current &&
    knownLogin.includes(e.refresh.fingerprint) &&
    !group.some((g) => g.claude && g.refresh?.fingerprint === e.refresh?.fingerprint)
  )
    return {
      state: 'needs-reauth',
      reason:
        "its refresh token was rotated away since (Claude Code's login has moved on): nothing can renew it",
      hint: 'Run `clawkeeper sync` to copy the current login into it, or delete the legacy file',
      check: 'legacy-oauth-rotated',
      impact: 'OpenClaw imports a dead login and fails with 401 once its access token expires.',
      files: [e.location],
    };
  return null;
}

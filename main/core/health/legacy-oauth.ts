/**
 * Legacy `<state>/credentials/oauth.json`, judged by what the releases do with it (read in
 * Clawdbot 2026.1.24-3 `mergeOAuthFileIntoStore` and OpenClaw 2026.6.1): it is imported as
 * `<provider>:default` only when an agent has no `auth-profiles.json` yet; beside an existing
 * store it is ignored. A refresh token Claude Code's login has since rotated away is dead.
 */
import { primaryLogin, type Inventory } from '../discovery/inventory.ts';
import { isClaudeProfile } from '../formats/claude-profile.ts';
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
  const ignored = install.agents.some((a) => a.profiles.status !== 'missing');
  if (ignored) {
    const others = install.agents.some(
      (a) =>
        a.profiles.status === 'ok' &&
        Object.entries(a.profiles.value.profiles).some(([id, p]) =>
          isClaudeProfile({ id, provider: p.provider ?? null }),
        ),
    );
    if (others)
      return {
        state: 'ok',
        reason: `${cli} ignores this legacy file because auth-profiles.json exists beside it (a leftover; nothing uses it)`,
        hint: null,
      };
    return {
      state: 'misconfigured',
      reason: `${cli} ignores this legacy file because auth-profiles.json exists, and no profile there holds an Anthropic credential: the bot has no Anthropic login`,
      hint: `Run \`claude setup-token\`, then \`clawkeeper paste-token\` (or \`${cli} models auth login --provider anthropic\`); then delete ${e.location}`,
      check: 'legacy-oauth-ignored',
      impact: `${cli} finds no Anthropic credential (models status: anthropic missing).`,
      files: [e.location],
    };
  }
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

import type { ClaudeLoginStore } from '../discovery/claude-login-store.ts';
import type { ClaudeLogin } from '../formats/claude-credentials.ts';
import type { Settings } from '../settings/settings.ts';
import type { RefreshResult } from './refresher.ts';

/**
 * Strategy `claude-cli`: run a command that makes Claude Code renew its own login, then read
 * the store again. A new access token means it refreshed; anything else is a transient failure.
 */
export async function refreshThroughClaudeCli(
  store: ClaudeLoginStore,
  current: ClaudeLogin | null,
  run: (argv: readonly string[]) => Promise<{ ok: boolean; detail: string }>,
  settings: Settings,
): Promise<RefreshResult> {
  const ran = await run(settings.refresh.claudeCliCommand);
  const after = (await store.readLogin().catch(() => null))?.login ?? null;
  return after?.access && after.access.fingerprint !== current?.access?.fingerprint
    ? {
        kind: 'refreshed',
        fingerprint: after.access.fingerprint,
        refreshFingerprint: after.refresh?.fingerprint ?? '',
        expiresAt: after.expiresAt,
      }
    : {
        kind: 'transient',
        error: `\`${settings.refresh.claudeCliCommand.join(' ')}\` did not renew the login (${ran.detail})`,
        retryAfterMs: null,
      };
}

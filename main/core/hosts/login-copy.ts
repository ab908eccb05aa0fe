/**
 * A copy across hosts: this machine's Claude login fed to a remote gateway as a token copy only
 * (the access token with its expiry, never the refresh token, so the server can never spend the
 * login and log this machine out). It goes stale when this machine sleeps: the words that say so
 * live here, so the CLI and the window say the same.
 */
import { AppError } from '../kernel/errors.ts';
import type { ClaudeLogin } from '../formats/claude-credentials.ts';
import type { Secret } from '../kernel/secret.ts';
import type { RemotePasteOptions } from './host-plan.ts';

export const COPY_WARNING =
  'A token copied from this machine lives about 8 hours and is renewed only while this machine is awake: ' +
  'when it sleeps or is off, the copy goes stale and the gateway there stops. For a server, use a setup-token: ' +
  'claude setup-token, then clawkeeper paste-token --host NAME.';

const HOUR = 3_600_000;

/** What to send: the access token and a whole number of hours it stays valid (rounded down). */
export function loginCopy(
  login: ClaudeLogin | null,
  now: number,
  target: { agent: string | null; profileId: string | null },
): { token: Secret; fingerprint: string; options: RemotePasteOptions } {
  if (login === null || login.blanked || login.access === null)
    throw new AppError(
      'not-found',
      'no Claude login on this machine to copy (log in with `claude /login` first)',
    );
  const hours = Math.floor((login.expiresAt - now) / HOUR);
  if (hours < 1)
    throw new AppError(
      'invalid-argument',
      'the login expires within the hour; let Clawkeeper refresh it first (clawkeeper refresh), then copy',
    );
  return {
    token: login.access,
    fingerprint: login.access.fingerprint,
    options: {
      agents: target.agent ? [target.agent] : [],
      profileId: target.profileId ?? 'anthropic:clawkeeper-copy',
      expiresIn: `${hours}h`,
    },
  };
}

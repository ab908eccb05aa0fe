/**
 * Which tokens the usage endpoint is asked with (pure). Only a login's access token, never a
 * refresh token: Claude Code's own logins (when their scopes include `user:profile`, which
 * Claude Code itself requires before it asks) and OpenClaw's OAuth profiles. A token copy of a
 * login shares its fingerprint and is read with it, once. Setup-tokens carry the inference scope
 * only, and an expired token says nothing: those are listed as skipped, with why.
 */
import type { Inventory } from '../discovery/inventory.ts';
import { loginOf } from '../formats/claude-credentials.ts';
import type { Entry } from '../health/entry.ts';
import { collectEntries } from '../health/health.ts';
import type { Secret } from '../kernel/secret.ts';

/** The scope Claude Code checks before it reads usage (2.1.197: `fI()`). */
export const PROFILE_SCOPE = 'user:profile';

export interface UsageLogin {
  readonly fingerprint: string;
  readonly token: Secret;
  /** every credential holding this token, in discovery order */
  readonly credentials: readonly string[];
}

export interface UsageSkip {
  readonly credential: string;
  readonly reason: string;
}

export type UsageEntry = Pick<Entry, 'id' | 'kind' | 'value' | 'expiresAt' | 'claude'>;

function scopesOf(e: UsageEntry): readonly string[] | null {
  if (e.claude?.read.status !== 'ok') return null;
  return loginOf(e.claude.read.value)?.scopes ?? null;
}

/** The logins to read, deduplicated by fingerprint, and the credentials left out. */
export function usageLogins(
  entries: readonly UsageEntry[],
  now: number,
): { logins: UsageLogin[]; skipped: UsageSkip[] } {
  const logins = new Map<string, { token: Secret; credentials: string[] }>();
  const later: UsageEntry[] = [];
  const skipped: UsageSkip[] = [];
  for (const e of entries) {
    if (e.value === null) continue;
    if (e.kind !== 'oauth') {
      later.push(e);
      continue;
    }
    const scopes = scopesOf(e);
    if (e.expiresAt !== null && e.expiresAt <= now) {
      skipped.push({ credential: e.id, reason: 'its access token has expired' });
      continue;
    }
    if (scopes !== null && scopes.length > 0 && !scopes.includes(PROFILE_SCOPE)) {
      skipped.push({
        credential: e.id,
        reason: `the login lacks the ${PROFILE_SCOPE} scope the usage endpoint needs (log in again with \`claude /login\`)`,
      });
      continue;
    }
    const fp = e.value.fingerprint;
    const had = logins.get(fp);
    if (had) had.credentials.push(e.id);
    else logins.set(fp, { token: e.value, credentials: [e.id] });
  }
  for (const e of later) {
    const had = e.value ? logins.get(e.value.fingerprint) : undefined;
    if (had) had.credentials.push(e.id);
    else if (e.kind === 'token')
      skipped.push({
        credential: e.id,
        reason:
          'a token without its login here (a setup-token carries the inference scope only); usage is read with a login',
      });
    else if (e.kind === 'api_key')
      skipped.push({ credential: e.id, reason: 'an API key has no subscription usage' });
  }
  return {
    logins: [...logins].map(([fingerprint, l]) => ({
      fingerprint,
      token: l.token,
      credentials: l.credentials,
    })),
    skipped,
  };
}

/** The logins of a discovery inventory (what the keeper just read), and the credentials left out. */
export function inventoryLogins(
  inv: Inventory,
  now: number,
  signInWarnMs: number,
): { logins: UsageLogin[]; skipped: UsageSkip[] } {
  return usageLogins(collectEntries(inv, now, signInWarnMs), now);
}

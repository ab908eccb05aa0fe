import type { AgentStore, ClaudeStore, OpenClawInstall } from '../discovery/inventory.ts';
import type { StoredProfile } from '../formats/auth-profiles.ts';
import type { CredentialKind, CredentialSource, HealthState, Route } from './report.ts';
import type { Secret } from '../kernel/secret.ts';
import type { OpenClawRecord } from './report.ts';

/** Something wrong with one entry. `check` names the doctor finding it becomes, if any. */
export interface Problem {
  readonly state: HealthState;
  readonly reason: string;
  readonly hint: string | null;
  readonly check?: string;
  readonly impact?: string;
  readonly files?: readonly string[];
}

/** A credential being judged: secrets inside, never leaves the core as is. */
export interface Entry {
  readonly id: string;
  readonly location: string;
  readonly source: CredentialSource;
  readonly install: OpenClawInstall | null;
  readonly agent: AgentStore | null;
  readonly profileId: string | null;
  readonly provider: string | null;
  readonly kind: CredentialKind | null;
  readonly route: Route | null;
  readonly value: Secret | null;
  readonly refresh: Secret | null;
  readonly expiresAt: number | null;
  /** a Claude Code store (file or Keychain), and whether it is the live one */
  readonly claude: ClaudeStore | null;
  readonly stored: StoredProfile | null;
  /** OpenClaw's own verdict when read through its CLI */
  readonly cliStatus: string | null;
  /** an OAuth profile OpenClaw reports and renews itself (SQLite stores hide the refresh token from us) */
  readonly selfRenewing: boolean;
  /** OpenClaw's own usage record for this profile (`usageStats`) */
  readonly record: OpenClawRecord | null;
  /**
   * Read through the openclaw CLI (no token shown): the fingerprint Clawkeeper pasted there, when
   * the expiry OpenClaw reports is the one that paste asked for. Lets the copy join the login's
   * lineage, so one left behind is a stale copy rather than an "expiring" static token.
   */
  readonly pushed: string | null;
  readonly problems: Problem[];
}

export const RELOGIN = 'Run `claude` and type /login (or `claude auth login`) on this machine';
export const NEW_SETUP_TOKEN = 'Run `claude setup-token`, then `clawkeeper paste-token`';

export function base(partial: Partial<Entry> & Pick<Entry, 'id' | 'location' | 'source'>): Entry {
  return {
    install: null,
    agent: null,
    profileId: null,
    provider: null,
    kind: null,
    route: null,
    value: null,
    refresh: null,
    expiresAt: null,
    claude: null,
    stored: null,
    cliStatus: null,
    selfRenewing: false,
    record: null,
    pushed: null,
    problems: [],
    ...partial,
  };
}

export function unreadable(
  id: string,
  location: string,
  source: CredentialSource,
  error: string,
  hint: string,
): Entry {
  return base({
    id,
    location,
    source,
    problems: [
      {
        state: 'unreadable',
        reason: `cannot read ${location}: ${error}`,
        hint,
        check: 'unreadable-file',
        impact: 'Nothing in this file can be used or kept fresh until it parses.',
        files: [location],
      },
    ],
  });
}

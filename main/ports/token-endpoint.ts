import type { Secret } from '../core/kernel/secret.ts';

export interface TokenGrant {
  readonly access: Secret;
  /** the new refresh token, or null when the endpoint kept the old one */
  readonly refresh: Secret | null;
  readonly expiresInSec: number;
  readonly scope: string | null;
}

export type RefreshOutcome =
  | { kind: 'ok'; grant: TokenGrant }
  /** invalid_grant and its relatives: only a human can fix this */
  | { kind: 'rejected'; error: string; status: number }
  /** 429, 5xx, timeouts, network errors: try again later */
  | { kind: 'transient'; error: string; status: number | null; retryAfterMs: number | null };

/** Anthropic's OAuth token endpoint (docs/domain.md §3); configurable so tests use a local fake. */
export interface TokenEndpoint {
  /**
   * Spends `refreshToken` for a new grant. `onGrant` is called synchronously the moment a grant
   * has been read and parsed, before the promise settles and before anything else happens: the
   * caller writes its refresh journal there, as the old refresh token is already spent.
   */
  refresh(
    refreshToken: Secret,
    scopes: readonly string[],
    onGrant?: (grant: TokenGrant) => void,
  ): Promise<RefreshOutcome>;
}

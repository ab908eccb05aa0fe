import type { Secret } from '../core/kernel/secret.ts';

/**
 * One answer of the subscription's OAuth usage endpoint (`GET /api/oauth/usage`). Never a
 * thrown error: every way of failing is an answer, and none of them is a verdict on the token.
 */
export type UsageAnswer =
  | { readonly kind: 'ok'; readonly body: string }
  /** 429: the endpoint limits reads per access token */
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number | null; readonly detail: string }
  /** 401/403: this token is not accepted for usage (expired, revoked, or without the profile scope) */
  | { readonly kind: 'rejected'; readonly status: number; readonly detail: string }
  /** no answer, a timeout, 5xx, a redirect, a refused URL */
  | { readonly kind: 'unavailable'; readonly detail: string };

/** Reads the usage windows with a login's access token, as Claude Code's `/usage` does. */
export interface UsageEndpoint {
  read(accessToken: Secret): Promise<UsageAnswer>;
}

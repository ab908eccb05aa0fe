import { Secret } from '../../core/kernel/secret.ts';
import type { RefreshOutcome, TokenEndpoint } from '../../ports/token-endpoint.ts';

const PERMANENT = new Set([
  'invalid_grant',
  'refresh_token_reused',
  'invalid_refresh_token',
  'unauthorized_client',
  'invalid_client',
  'access_denied',
]);

export interface HttpTokenEndpointOptions {
  readonly url: string;
  readonly clientId: string;
  readonly userAgent: string;
  readonly timeoutMs: number;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** POSTs the refresh grant as JSON with Node's fetch; never logs or returns a token in an error. */
export class HttpTokenEndpoint implements TokenEndpoint {
  constructor(private readonly opts: HttpTokenEndpointOptions) {}

  async refresh(refreshToken: Secret, scopes: readonly string[]): Promise<RefreshOutcome> {
    const body: Record<string, string> = {
      grant_type: 'refresh_token',
      refresh_token: refreshToken.reveal(),
      client_id: this.opts.clientId,
    };
    if (scopes.length > 0) body.scope = scopes.join(' ');
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': this.opts.userAgent,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (e: unknown) {
      const name = (e as { name?: string }).name;
      const code = (e as { cause?: { code?: string } }).cause?.code;
      return {
        kind: 'transient',
        error:
          name === 'TimeoutError'
            ? `no answer within ${this.opts.timeoutMs} ms`
            : `network error${code ? ` (${code})` : ''}`,
        status: null,
        retryAfterMs: null,
      };
    }
    const text = await res.text().catch(() => '');
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
    if (res.ok) {
      const access = json.access_token;
      const expires = json.expires_in;
      if (typeof access !== 'string' || typeof expires !== 'number')
        return {
          kind: 'transient',
          error: 'the token endpoint answered without a token',
          status: res.status,
          retryAfterMs: null,
        };
      return {
        kind: 'ok',
        grant: {
          access: new Secret(access),
          refresh: typeof json.refresh_token === 'string' ? new Secret(json.refresh_token) : null,
          expiresInSec: expires,
          scope: typeof json.scope === 'string' ? json.scope : null,
        },
      };
    }
    const error = typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
    if (res.status === 429 || res.status >= 500)
      return {
        kind: 'transient',
        error,
        status: res.status,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      };
    if (PERMANENT.has(error) || res.status === 400 || res.status === 401 || res.status === 403)
      return { kind: 'rejected', error, status: res.status };
    return { kind: 'transient', error, status: res.status, retryAfterMs: null };
  }
}

import { isIP } from 'node:net';
import { AppError } from '../../core/kernel/errors.ts';
import { Secret } from '../../core/kernel/secret.ts';
import type { RefreshOutcome, TokenEndpoint, TokenGrant } from '../../ports/token-endpoint.ts';

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

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/**
 * Checks a token URL before anything is sent to it: https, or plain http to a loopback address
 * (the tests' fake endpoint). Throws a clear error otherwise; no connection is made.
 */
export function checkTokenUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('invalid-settings', `the token URL "${url}" is not a URL; fix refresh.tokenUrl`);
  }
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return u;
  throw new AppError(
    'invalid-settings',
    `refusing to send a refresh token to ${u.protocol}//${u.host}: only https is allowed (plain http only to this machine); fix refresh.tokenUrl or CLAWKEEPER_TOKEN_URL`,
  );
}

/** An answer larger than this is not a token endpoint's: it is cut off and treated as a network error. */
const MAX_ANSWER_BYTES = 1 << 20;

type Answer = { status: number; text: string; retryAfter: string | null };

/**
 * POSTs the refresh grant as JSON with `node:http(s)`; never logs or returns a token in an error.
 * Not `fetch`: the answer's bytes are handled in the socket's own callbacks, so a grant reaches
 * `onGrant` (the refresh journal) in the same turn as its last byte, with no stream or promise
 * hops in between: a crash after the answer arrived must lose nothing.
 */
export class HttpTokenEndpoint implements TokenEndpoint {
  constructor(private readonly opts: HttpTokenEndpointOptions) {}

  async refresh(
    refreshToken: Secret,
    scopes: readonly string[],
    onGrant?: (grant: TokenGrant) => void,
  ): Promise<RefreshOutcome> {
    const body: Record<string, string> = {
      grant_type: 'refresh_token',
      refresh_token: refreshToken.reveal(),
      client_id: this.opts.clientId,
    };
    if (scopes.length > 0) body.scope = scopes.join(' ');
    const url = checkTokenUrl(this.opts.url);
    const payload = JSON.stringify(body);
    // loaded on the first refresh, not at start-up: a read-only `status` never needs HTTP
    const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise<RefreshOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: RefreshOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const failed = (error: string) =>
        settle({ kind: 'transient', error, status: null, retryAfterMs: null });
      // a redirect would re-send the refresh token to wherever it points: node:http never follows one
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': this.opts.userAgent,
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
            else {
              failed('the token endpoint answered with more than 1 MiB');
              req.destroy();
            }
          });
          res.on('end', () => {
            if (settled) return;
            const retry = res.headers['retry-after'];
            const answer: Answer = {
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              retryAfter: typeof retry === 'string' ? retry : null,
            };
            settle(outcomeOf(answer, onGrant));
          });
          res.on('error', () => failed('network error (the answer was cut off)'));
        },
      );
      const timer = setTimeout(() => {
        failed(`no answer within ${this.opts.timeoutMs} ms`);
        req.destroy();
      }, this.opts.timeoutMs);
      req.on('error', (e: unknown) => {
        const code = (e as { code?: unknown }).code;
        failed(`network error${typeof code === 'string' ? ` (${code})` : ''}`);
      });
      req.end(payload);
    });
  }
}

/**
 * What an answer means. A grant goes to `onGrant` first, synchronously, before anything else is
 * done with it: from the endpoint's answer on, the old refresh token is spent.
 */
function outcomeOf(res: Answer, onGrant?: (grant: TokenGrant) => void): RefreshOutcome {
  const { status } = res;
  if (status >= 300 && status < 400)
    return {
      kind: 'transient',
      error: `the token endpoint answered with a redirect (HTTP ${status}); redirects are refused so the refresh token goes nowhere else`,
      status,
      retryAfterMs: null,
    };
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(res.text);
    if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  if (status >= 200 && status < 300) {
    const access = json.access_token;
    const expires = json.expires_in;
    if (typeof access !== 'string' || typeof expires !== 'number')
      return {
        kind: 'transient',
        error: 'the token endpoint answered without a token',
        status,
        retryAfterMs: null,
      };
    const grant: TokenGrant = {
      access: new Secret(access),
      refresh: typeof json.refresh_token === 'string' ? new Secret(json.refresh_token) : null,
      expiresInSec: expires,
      scope: typeof json.scope === 'string' ? json.scope : null,
    };
    try {
      onGrant?.(grant);
    } catch {
      /* the caller's journal failed; the grant is still returned for the store write */
    }
    return { kind: 'ok', grant };
  }
  const error = typeof json.error === 'string' ? json.error : `HTTP ${status}`;
  if (status === 429 || status >= 500)
    return { kind: 'transient', error, status, retryAfterMs: retryAfterMs(res.retryAfter) };
  if (PERMANENT.has(error) || status === 400 || status === 401 || status === 403)
    return { kind: 'rejected', error, status };
  return { kind: 'transient', error, status, retryAfterMs: null };
}

import type { Dispatcher } from 'undici';
import { AppError } from '../../core/kernel/errors.ts';
import { Secret } from '../../core/kernel/secret.ts';
import type { RefreshOutcome, TokenEndpoint, TokenGrant } from '../../ports/token-endpoint.ts';
import {
  describeProxy,
  isLoopbackHost,
  proxiedVia,
  proxyDispatcher,
  proxySettings,
} from './proxy-dispatcher.ts';

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
  /** where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from; none: no proxy */
  readonly env?: NodeJS.ProcessEnv;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
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
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return u;
  throw new AppError(
    'invalid-settings',
    `refusing to send a refresh token to ${u.protocol}//${u.host}: only https is allowed (plain http only to this machine); fix refresh.tokenUrl or CLAWKEEPER_TOKEN_URL`,
  );
}

/** An answer larger than this is not a token endpoint's: it is cut off and treated as a network error. */
const MAX_ANSWER_BYTES = 1 << 20;

type Answer = { status: number; text: string; retryAfter: string | null };

/**
 * POSTs the refresh grant as JSON through undici's dispatcher (the proxy of the environment, see
 * proxy-dispatcher.ts); never logs or returns a token in an error. Not `fetch`: the answer's bytes
 * are handled in the dispatcher's own callbacks, so a grant reaches `onGrant` (the refresh
 * journal) in the same turn as its last byte, with no stream or promise hops in between (a crash
 * after the answer arrived must lose nothing). A redirect is never followed (a bare dispatch has
 * no redirect handling): it would re-send the refresh token to wherever it points.
 */
export class HttpTokenEndpoint implements TokenEndpoint {
  #dispatcher: Promise<Dispatcher> | null = null;

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
    const env = this.opts.env ?? {};
    // loaded on the first refresh, not at start-up: a read-only `status` never needs HTTP
    const dispatcher = await (this.#dispatcher ??= proxyDispatcher(env));
    const proxy = proxiedVia(url, proxySettings(env));
    const via = proxy === null ? '' : ` via the proxy ${describeProxy(proxy)}`;
    return new Promise<RefreshOutcome>((resolve) => {
      let settled = false;
      let controller: Dispatcher.DispatchController | null = null;
      const settle = (outcome: RefreshOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const failed = (error: string) =>
        settle({ kind: 'transient', error, status: null, retryAfterMs: null });
      const abort = (why: string) => {
        failed(why);
        controller?.abort(new Error(why));
      };
      const timer = setTimeout(
        () => abort(`no answer within ${this.opts.timeoutMs} ms${via}`),
        this.opts.timeoutMs,
      );
      let status = 0;
      let retryAfter: string | null = null;
      const chunks: Buffer[] = [];
      let size = 0;
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': this.opts.userAgent,
            'content-length': String(Buffer.byteLength(payload)),
          },
          body: payload,
        },
        {
          onRequestStart(c) {
            controller = c;
            if (settled) c.abort(new Error('timed out'));
          },
          onResponseStart(_c, statusCode, headers) {
            status = statusCode;
            const retry = headers['retry-after'];
            retryAfter = typeof retry === 'string' ? retry : null;
          },
          onResponseData(_c, chunk) {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
            else abort('the token endpoint answered with more than 1 MiB');
          },
          onResponseEnd() {
            if (settled) return;
            settle(outcomeOf({ status, text: Buffer.concat(chunks).toString('utf8'), retryAfter }, onGrant));
          },
          onResponseError(_c, e: unknown) {
            const code = (e as { code?: unknown }).code;
            failed(`network error${typeof code === 'string' ? ` (${code})` : ''}${via}`);
          },
        },
      );
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

import { retryAfterMs } from './http-token-endpoint.ts';
import { toAppError } from '../../core/kernel/errors.ts';
import type { Secret } from '../../core/kernel/secret.ts';
import type { Http } from '../../ports/http.ts';
import type { UsageAnswer, UsageEndpoint } from '../../ports/usage-endpoint.ts';

/** The path Claude Code reads on its API host (2.1.197 and 2.1.332: test/interop/FINDINGS.md). */
export const USAGE_PATH = '/api/oauth/usage';

export interface HttpUsageEndpointOptions {
  /** the API host, e.g. https://api.anthropic.com (settings `api.base`, env `CLAWKEEPER_API_BASE`) */
  readonly apiBase: string;
  readonly userAgent: string;
  readonly timeoutMs: number;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** https anywhere, plain http only to this machine (the tests' fake): the token rides along. */
function usageUrl(apiBase: string): URL | string {
  let u: URL;
  try {
    u = new URL(apiBase.replace(/\/+$/, '') + USAGE_PATH);
  } catch {
    return `the API base "${apiBase}" is not a URL; fix api.base`;
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname))) return u;
  return `refusing to send a token to ${u.protocol}//${u.host}: only https (plain http only to this machine); fix api.base or CLAWKEEPER_API_BASE`;
}

/**
 * `GET <api base>/api/oauth/usage` with the headers Claude Code sends there (Bearer token, the
 * OAuth beta header, JSON content type, its User-Agent style), through the Http port: redirects
 * are not followed (the token would go with them). Every outcome is an answer; none throws.
 */
export class HttpUsageEndpoint implements UsageEndpoint {
  constructor(
    private readonly http: Http,
    private readonly opts: HttpUsageEndpointOptions,
  ) {}

  async read(accessToken: Secret): Promise<UsageAnswer> {
    const url = usageUrl(this.opts.apiBase);
    if (typeof url === 'string') return { kind: 'unavailable', detail: url };
    let status: number;
    let body: string;
    let retryAfter: string | null;
    try {
      const res = await this.http.request(url.toString(), {
        method: 'GET',
        headers: {
          accept: 'application/json, text/plain, */*',
          'content-type': 'application/json',
          authorization: `Bearer ${accessToken.reveal()}`,
          'anthropic-beta': 'oauth-2025-04-20',
          'user-agent': this.opts.userAgent,
        },
        timeoutMs: this.opts.timeoutMs,
      });
      status = res.status;
      body = res.body;
      retryAfter = res.headers?.['retry-after'] ?? null;
    } catch (e: unknown) {
      return { kind: 'unavailable', detail: toAppError(e, 'network').message };
    }
    if (status >= 200 && status < 300) return { kind: 'ok', body };
    if (status === 429)
      return {
        kind: 'rate-limited',
        retryAfterMs: retryAfterMs(retryAfter),
        detail: 'the usage endpoint is rate-limiting this token (HTTP 429)',
      };
    if (status === 401 || status === 403)
      return {
        kind: 'rejected',
        status,
        detail: `the usage endpoint did not accept this token (HTTP ${status})`,
      };
    if (status >= 300 && status < 400)
      return { kind: 'unavailable', detail: `the usage endpoint redirected (HTTP ${status}); not followed` };
    return { kind: 'unavailable', detail: `the usage endpoint answered HTTP ${status}` };
  }
}

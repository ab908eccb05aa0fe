import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Every request the fake saw, as it arrived (headers raw, so a test can look for tokens). */
export interface UsageRequestLog {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

/** A window as the endpoint sends it: percent 0–100 and an ISO 8601 reset time. */
export interface FakeWindow {
  readonly utilization: number | null;
  readonly resets_at: string | null;
}

/** `{utilization, resets_at}` for a percent and an epoch-ms reset time. */
export const win = (utilization: number | null, resetsAt: number | null): FakeWindow => ({
  utilization,
  resets_at: resetsAt === null ? null : new Date(resetsAt).toISOString().replace('Z', '+00:00'),
});

/**
 * The body Claude Code 2.1.197 parses (FINDINGS.md "Usage windows"): `five_hour`, `seven_day`,
 * `seven_day_sonnet`, `seven_day_opus` (each a window or null) and `extra_usage`.
 */
export function usageBody(o: {
  session?: FakeWindow | null;
  week?: FakeWindow | null;
  sonnet?: FakeWindow | null;
  opus?: FakeWindow | null;
  extra?: Record<string, unknown>;
  more?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    five_hour: o.session ?? null,
    seven_day: o.week ?? null,
    seven_day_oauth_apps: null,
    seven_day_opus: o.opus ?? null,
    seven_day_sonnet: o.sonnet ?? null,
    extra_usage: o.extra ?? { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null },
    ...o.more,
  };
}

/** 2.1.332's `limits[]` row (kind, group, percent, resets_at, scope, severity, is_active). */
export function limitRow(
  kind: string,
  percent: number,
  resetsAt: number,
  model: string | null = null,
): Record<string, unknown> {
  return {
    kind,
    group: kind === 'session' ? 'session' : 'weekly',
    percent,
    resets_at: new Date(resetsAt).toISOString(),
    scope: model === null ? null : { model: { display_name: model } },
    severity: percent >= 90 ? 'critical' : percent >= 75 ? 'warning' : 'normal',
    is_active: kind === 'session',
  };
}

/**
 * A stand-in for `GET /api/oauth/usage` on 127.0.0.1, as strict as the real endpoint is known to
 * be: a Bearer token it knows plus the OAuth beta header, else 401; a token without the profile
 * scope 403; scripted 429s with `retry-after: 0` (what the real one sends while it keeps
 * refusing); any other path 404. Records every request.
 */
export class FakeUsageApi {
  readonly log: UsageRequestLog[] = [];
  /** access token → the body its account's usage answers with */
  readonly accounts = new Map<string, Record<string, unknown> | string>();
  /** tokens that exist but lack `user:profile` (a setup-token) */
  readonly inferenceOnly = new Set<string>();
  /** answer this many requests with 429 first */
  rateLimitNext = 0;
  retryAfter = '0';
  /** answer this many requests with 503 first */
  failNext = 0;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const send = (status: number, doc: unknown, headers: Record<string, string> = {}) => {
          this.log.push({
            at: Date.now(),
            method: req.method ?? '',
            url: req.url ?? '',
            headers: req.headers,
            body,
            status,
          });
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(typeof doc === 'string' ? doc : JSON.stringify(doc));
        };
        const error = (type: string, message: string) => ({ type: 'error', error: { type, message } });
        if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/api/oauth/usage')
          return send(404, error('not_found_error', 'Not found'));
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const beta = String(req.headers['anthropic-beta'] ?? '')
          .split(',')
          .map((s) => s.trim());
        if (!beta.includes('oauth-2025-04-20'))
          return send(401, error('authentication_error', 'OAuth authentication is currently not supported.'));
        if (this.inferenceOnly.has(bearer))
          return send(
            403,
            error('permission_error', 'OAuth token does not meet scope requirement user:profile'),
          );
        const account = this.accounts.get(bearer);
        if (account === undefined) return send(401, error('authentication_error', 'Invalid bearer token'));
        if (this.rateLimitNext > 0) {
          this.rateLimitNext--;
          return send(
            429,
            { error: { message: 'Rate limited. Please try again later.', type: 'rate_limit_error' } },
            { 'retry-after': this.retryAfter },
          );
        }
        if (this.failNext > 0) {
          this.failNext--;
          return send(503, error('overloaded_error', 'Overloaded'));
        }
        return send(200, account);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this.base;
  }

  /** The API base to configure (`CLAWKEEPER_API_BASE`). */
  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Requests to the usage path. */
  get reads(): UsageRequestLog[] {
    return this.log.filter((l) => l.url.startsWith('/api/oauth/usage'));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections();
  }
}

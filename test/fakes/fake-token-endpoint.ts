import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface EndpointLog {
  at: number;
  status: number;
  outcome: 'refreshed' | 'invalid_grant' | 'rate-limited' | 'server-error' | 'bad-request';
}

/**
 * What became of a refresh answer, as seen from the endpoint's side of the connection. When the
 * client closes its socket (it exits, or is killed), the kernel sends FIN if the process had read
 * everything that arrived, and RST if the answer still sat unread in its socket buffer
 * (RFC 2525 §2.17). So `clientRead` tells "killed before it had the whole answer" from "after".
 */
export interface AnswerFate {
  /** when the answer was handed to the socket (a small answer goes to the kernel right away) */
  answeredAt: number;
  /** when the client's side closed, and whether it had read the whole answer by then */
  clientClosed: { at: number; read: boolean } | null;
}

/**
 * A local stand-in for Anthropic's token endpoint with its semantics: every refresh rotates the
 * refresh token, a used or unknown refresh token answers 400 invalid_grant, and 429 (with
 * Retry-After), 5xx and slow answers can be scripted. Real HTTP on 127.0.0.1.
 */
export class FakeTokenEndpoint {
  private server: Server | null = null;
  private readonly valid = new Set<string>();
  private readonly used = new Set<string>();
  readonly log: EndpointLog[] = [];
  readonly userAgents: string[] = [];
  fail429 = 0;
  retryAfterSec = 1;
  fail5xx = 0;
  delayMs = 0;
  expiresInSec = 28_800;
  /** when false, the answer keeps the old refresh token (the endpoint may omit it) */
  rotate = true;
  /**
   * Called the moment a refresh is answered (the crash suite times kills from it), with what the
   * endpoint later learns about that answer's delivery (`AnswerFate`, filled in as it happens).
   */
  onAnswer: ((spent: string, issued: string, fate: AnswerFate) => void) | null = null;

  /** Whether a refresh token would still be accepted (the login it belongs to is alive). */
  isLive(refresh: string): boolean {
    return this.valid.has(refresh) && !this.used.has(refresh);
  }

  static token(prefix: 'sk-ant-oat01-' | 'sk-ant-ort01-'): string {
    return prefix + randomBytes(72).toString('base64url').slice(0, 95) + 'AA';
  }

  /** Registers a refresh token the endpoint will accept once. */
  issue(refresh = FakeTokenEndpoint.token('sk-ant-ort01-')): string {
    this.valid.add(refresh);
    return refresh;
  }

  get refreshes(): number {
    return this.log.filter((l) => l.outcome === 'refreshed').length;
  }

  get invalidGrants(): number {
    return this.log.filter((l) => l.outcome === 'invalid_grant').length;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const a = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}/v1/oauth/token`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** The last answer sent on each (kept-alive) connection, told how the client closed it. */
  private readonly lastAnswer = new WeakMap<Socket, AnswerFate>();

  private watchClose(socket: Socket, fate: AnswerFate): void {
    const known = this.lastAnswer.has(socket);
    this.lastAnswer.set(socket, fate);
    if (known) return;
    const closed = (read: boolean) => {
      const f = this.lastAnswer.get(socket);
      if (f) f.clientClosed ??= { at: Date.now(), read };
    };
    socket.once('end', () => closed(true));
    socket.on('error', (e: NodeJS.ErrnoException) => closed(e.code !== 'ECONNRESET'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    this.userAgents.push(String(req.headers['user-agent'] ?? ''));
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const send = (
      status: number,
      body: object,
      outcome: EndpointLog['outcome'],
      headers: Record<string, string> = {},
    ) => {
      this.log.push({ at: Date.now(), status, outcome });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.fail429 > 0) {
      this.fail429--;
      return send(429, { error: 'rate_limit_error' }, 'rate-limited', {
        'retry-after': String(this.retryAfterSec),
      });
    }
    if (this.fail5xx > 0) {
      this.fail5xx--;
      return send(503, { error: 'overloaded' }, 'server-error');
    }
    let body: { grant_type?: string; refresh_token?: string; client_id?: string } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return send(400, { error: 'invalid_request' }, 'bad-request');
    }
    if (
      req.method !== 'POST' ||
      body.grant_type !== 'refresh_token' ||
      !body.client_id ||
      !body.refresh_token
    )
      return send(400, { error: 'invalid_request' }, 'bad-request');
    const rt = body.refresh_token;
    if (!this.valid.has(rt) || this.used.has(rt))
      return send(
        400,
        { error: 'invalid_grant', error_description: 'Refresh token not found or invalid' },
        'invalid_grant',
      );
    this.valid.delete(rt);
    let next = rt;
    if (this.rotate) {
      this.used.add(rt);
      next = this.issue();
    } else this.valid.add(rt);
    const fate: AnswerFate = { answeredAt: 0, clientClosed: null };
    this.watchClose(req.socket, fate);
    this.log.push({ at: Date.now(), status: 200, outcome: 'refreshed' });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: FakeTokenEndpoint.token('sk-ant-oat01-'),
        refresh_token: next,
        expires_in: this.expiresInSec,
        scope: 'user:inference user:profile',
        token_type: 'Bearer',
      }),
    );
    fate.answeredAt = Date.now();
    this.onAnswer?.(rt, next, fate);
  }
}

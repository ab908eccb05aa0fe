/**
 * The network a real `claude` sees in the interop tests, all on 127.0.0.1: an API stand-in that
 * records which bearer token each request carried (`ANTHROPIC_BASE_URL`), and an HTTPS proxy
 * that accepts every CONNECT and never answers (`HTTPS_PROXY`), so a refresh against the real
 * token endpoint hangs in flight instead of failing at once. Claude Code accepts no local token
 * endpoint (test/interop/FINDINGS.md), so this is how its refresh can be watched from outside.
 */
import { createServer, type Server } from 'node:http';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';

export interface Seen {
  readonly at: number;
  /** `api` for a request to the API stand-in, `connect` for a CONNECT through the proxy */
  readonly kind: 'api' | 'connect';
  /** the bearer token of an API request, or the host:port of a CONNECT */
  readonly what: string;
}

export class ClaudeNetwork {
  readonly seen: Seen[] = [];
  #api: Server | null = null;
  #proxy: TcpServer | null = null;
  #sockets = new Set<Socket>();
  apiBase = '';
  proxyUrl = '';

  async start(): Promise<this> {
    this.#api = createServer((req, res) => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      this.seen.push({ at: Date.now(), kind: 'api', what: bearer });
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"type":"error","error":{"type":"authentication_error","message":"stand-in"}}');
    });
    this.#proxy = createTcpServer((s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
      s.on('error', () => undefined);
      s.once('data', (d: Buffer) => {
        const m = /^CONNECT (\S+)/.exec(d.toString('latin1'));
        this.seen.push({ at: Date.now(), kind: 'connect', what: m?.[1] ?? '?' });
      });
    });
    await new Promise<void>((r) => this.#api!.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => this.#proxy!.listen(0, '127.0.0.1', r));
    this.apiBase = `http://127.0.0.1:${(this.#api.address() as AddressInfo).port}`;
    this.proxyUrl = `http://127.0.0.1:${(this.#proxy.address() as AddressInfo).port}`;
    return this;
  }

  /** Environment for `claude`: its API here, everything else through the silent proxy. */
  env(): Record<string, string> {
    return {
      ANTHROPIC_BASE_URL: this.apiBase,
      HTTPS_PROXY: this.proxyUrl,
      HTTP_PROXY: this.proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
    };
  }

  /** CONNECTs to the token endpoint's host (platform.claude.com, console.anthropic.com). */
  tokenCalls(): Seen[] {
    return this.seen.filter(
      (s) => s.kind === 'connect' && /platform\.claude\.com|console\.anthropic\.com/.test(s.what),
    );
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await Promise.all(
      [this.#api, this.#proxy].map((s) => new Promise<void>((r) => (s ? s.close(() => r()) : r()))),
    );
  }
}

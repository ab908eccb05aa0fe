import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Anthropic API on 127.0.0.1: `GET /v1/models` answers 200 for the
 * bearer tokens in `valid`, 401 for any other, and records the headers it saw.
 */
export class FakeAnthropicApi {
  readonly seen: IncomingHttpHeaders[] = [];
  private constructor(
    private readonly server: Server,
    readonly base: string,
  ) {}

  static async start(valid: readonly string[], status?: number): Promise<FakeAnthropicApi> {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const key = req.headers['x-api-key'];
      const ok = (bearer && valid.includes(bearer)) || (typeof key === 'string' && valid.includes(key));
      const code = status ?? (req.url?.startsWith('/v1/models') && ok ? 200 : 401);
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(code === 200 ? '{"data":[]}' : '{"type":"error","error":{"type":"authentication_error"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = new FakeAnthropicApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    (api as { seen: IncomingHttpHeaders[] }).seen = seen;
    return api;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A base URL on 127.0.0.1 where nothing listens (a closed port). */
export async function closedPortBase(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A stand-in for ntfy, a webhook receiver or a Slack/Mattermost/Discord incoming webhook: real
 * HTTP on 127.0.0.1 that records every request. It can go down and come back on the same port,
 * and answer with a scripted status (e.g. a redirect) instead of 200.
 */
export class AlertReceiver {
  private server: Server | null = null;
  private port = 0;
  readonly requests: ReceivedRequest[] = [];
  /** status to answer with; `location` is sent with 3xx */
  status = 200;
  answer = 'ok';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        res.writeHead(
          this.status,
          this.status >= 300 && this.status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {},
        );
        res.end(this.answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Goes down (connections refused) until `start()` again, on the same port. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  json<T = Record<string, unknown>>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T);
  }
}

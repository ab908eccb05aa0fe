import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface Tunnel {
  /** what the client asked for: `platform.claude.test:443` */
  readonly target: string;
  /** the Proxy-Authorization header the client sent, if any */
  readonly auth: string | null;
  /** bytes that went through the tunnel, each way */
  up: number;
  down: number;
}

/**
 * A corporate HTTP proxy on 127.0.0.1, as strict as one: only `CONNECT host:port` (an absolute-
 * form GET or POST answers 405, so a client that does not tunnel is caught), optional Basic auth
 * (407 without it), and a record of every tunnel. `routes` says where a target really goes (the
 * test names never resolve in DNS: only the proxy knows them); with `tls` the proxy also plays
 * that server's TLS end (a certificate for the test names) and hands the plain HTTP inside to a
 * local fake, so one plain-HTTP fake serves an https URL through a real CONNECT tunnel.
 */
export class ConnectProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly tunnels: Tunnel[] = [];
  /** `host:port` -> the local port that answers for it */
  readonly routes = new Map<string, number>();

  constructor(private readonly opts: { tls?: { key: string; cert: string }; credentials?: string } = {}) {}

  async start(): Promise<this> {
    this.server = createServer((_req, res) => {
      res.writeHead(405, { 'content-type': 'text/plain' });
      res.end('this proxy only tunnels (CONNECT)\n');
    });
    this.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
      this.tunnel(req, client, head),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** `http://127.0.0.1:PORT`, or with the user and password when the proxy wants them. */
  get url(): string {
    const port = (this.server!.address() as AddressInfo).port;
    return `http://${this.opts.credentials ? `${this.opts.credentials}@` : ''}127.0.0.1:${port}`;
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    const auth = req.headers['proxy-authorization'] ?? null;
    const target = req.url ?? '';
    if (this.opts.credentials && auth !== `Basic ${Buffer.from(this.opts.credentials).toString('base64')}`) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    const port = this.routes.get(target);
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const t: Tunnel = { target, auth, up: 0, down: 0 };
    this.tunnels.push(t);
    const upstream = connect(port, '127.0.0.1');
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) client.unshift(head);
      const inner = this.opts.tls
        ? new TLSSocket(client, { isServer: true, key: this.opts.tls.key, cert: this.opts.tls.cert })
        : client;
      inner.on('error', () => upstream.destroy());
      inner.on('data', (d: Buffer) => (t.up += d.length));
      upstream.on('data', (d: Buffer) => (t.down += d.length));
      inner.pipe(upstream).pipe(inner);
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/**
 * Lets a real program that talks to a fixed https host (Claude Code's API host is built in) talk
 * to a local fake instead, with nothing leaving this machine: an HTTP CONNECT proxy on 127.0.0.1
 * (the program's `HTTPS_PROXY`) that accepts only that host, ends TLS with a certificate from a
 * throwaway CA (the program's `NODE_EXTRA_CA_CERTS`), and forwards each decrypted request to the
 * fake over plain HTTP. Every other CONNECT is refused and counted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(
      `openssl ${args[0]} failed (${r.error?.message ?? r.stderr.trim()}); install the openssl package`,
    );
}

export class TlsIntercept {
  /** CONNECT targets refused (anything but the intercepted host) */
  readonly refused: string[] = [];
  private proxy: Server | null = null;
  private inner: Server | null = null;
  private dir = '';
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly host: string,
    private readonly target: string,
  ) {}

  /** Intercepts `host:443`, forwarding to `target` (e.g. `http://127.0.0.1:1234`). */
  static async start(host: string, target: string): Promise<TlsIntercept> {
    const t = new TlsIntercept(host, target);
    await t.listen();
    return t;
  }

  /** The CA certificate file to trust (`NODE_EXTRA_CA_CERTS`). */
  get caFile(): string {
    return join(this.dir, 'ca.pem');
  }

  /** The proxy URL (`HTTPS_PROXY`). */
  get url(): string {
    return `http://127.0.0.1:${(this.proxy!.address() as AddressInfo).port}`;
  }

  private async listen(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'ck-tls-'));
    const days = ['-days', '2'];
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        ...days,
        '-subj',
        '/CN=clawkeeper test CA',
      ],
      this.dir,
    );
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'leaf.key',
        '-out',
        'leaf.csr',
        '-subj',
        `/CN=${this.host}`,
      ],
      this.dir,
    );
    await writeFile(
      join(this.dir, 'leaf.ext'),
      `subjectAltName=DNS:${this.host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'leaf.pem',
        ...days,
        '-extfile',
        'leaf.ext',
      ],
      this.dir,
    );
    const context = createSecureContext({
      key: await readFile(join(this.dir, 'leaf.key')),
      cert: await readFile(join(this.dir, 'leaf.pem')),
    });
    this.inner = createServer((req, res) => this.forward(req, res));
    this.proxy = createServer((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    this.proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      if (req.url !== `${this.host}:443`) {
        this.refused.push(req.url ?? '');
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const tls = new TLSSocket(socket, { isServer: true, secureContext: context });
      tls.on('error', () => undefined);
      this.inner!.emit('connection', tls);
    });
    await new Promise<void>((r) => this.proxy!.listen(0, '127.0.0.1', r));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const out = request(
      `${this.target}${req.url ?? '/'}`,
      { method: req.method ?? 'GET', headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      [this.proxy, this.inner].map((s) => new Promise<void>((r) => (s ? s.close(() => r()) : r()))),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { chown, lstat, mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { HttpTokenEndpoint, checkTokenUrl } from '../../../main/adapters/node/http-token-endpoint.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const home = async () => {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
};
const isRoot = process.getuid?.() === 0;

describe('owner, group and mode survive every write', () => {
  it(
    'a root sync into a bind mount owned by uid 1000 keeps 1000:1000 and the mode, for a profile store, oauth.json and .env',
    { skip: !isRoot && 'needs root (as CI runs)' },
    async () => {
      const h = await home();
      const src = { access: access('own'), refresh: refresh('own'), expiresAt: Date.now() + 6 * HOUR };
      await h.claude(claudeCredentials(src));
      const store = await h.profiles(
        'main',
        {
          version: 1,
          profiles: {
            'anthropic:claude-cli': {
              type: 'token',
              provider: 'anthropic',
              token: access('old-own'),
              expires: Date.now() + HOUR,
            },
          },
        },
        '.openclaw',
        0o640,
      );
      const oauth = await h.write(
        '.openclaw/credentials/oauth.json',
        { anthropic: { access: access('old-own2'), expires: 1 } },
        0o640,
      );
      const envFile = await h.write('gw/.env', 'ANTHROPIC_OAUTH_TOKEN=x\n', 0o640);
      for (const f of [store, oauth, envFile]) await chown(f, 1000, 1000);
      const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
      assert.equal((await runCli(['link', 'add', '--dotenv', envFile, '--replace'], env)).code, 0);
      assert.equal((await runCli(['link', 'add', '--oauth-json', '--replace'], env)).code, 0);
      const r = await runCli(['sync'], env);
      assert.ok(r.code === 0 || r.code === 2, r.stderr);
      for (const f of [store, oauth, envFile]) {
        const s = await stat(f);
        assert.deepEqual([s.uid, s.gid, s.mode & 0o777], [1000, 1000, 0o640], f);
        assert.match(await readFile(f, 'utf8'), new RegExp(src.access), `${f} was written`);
      }
    },
  );

  it('a file of the user’s own that is looser than 0600 is tightened; someone else’s keeps its mode', async () => {
    const h = await home();
    const files = new NodeWritableFiles();
    const mine = await h.write('mine.json', '{}', 0o644);
    await files.writeAtomic(mine, '{"a":1}', { mode: 0o600 });
    assert.equal((await stat(mine)).mode & 0o777, 0o600);
    if (isRoot) {
      const theirs = await h.write('theirs.json', '{}', 0o644);
      await chown(theirs, 1000, 1000);
      await files.writeAtomic(theirs, '{"a":1}', { mode: 0o600 });
      const s = await stat(theirs);
      assert.deepEqual([s.uid, s.mode & 0o777], [1000, 0o644]);
    }
  });
});

describe('doctor flags a credential file the gateway cannot read', () => {
  it(
    'a root-owned 0600 store in a state dir owned by uid 1000',
    { skip: !isRoot && 'needs root (as CI runs)' },
    async () => {
      const h = await home();
      await h.profiles('main', {
        version: 1,
        profiles: { 'anthropic:manual': { type: 'token', provider: 'anthropic', token: access('gw') } },
      });
      await chown(h.path('.openclaw'), 1000, 1000);
      const r = await runCli(['doctor', '--json'], h.env());
      const out = JSON.parse(r.stdout) as {
        findings: Array<{ check: string; message: string; hint: string }>;
      };
      const f = out.findings.find((x) => x.check === 'gateway-cannot-read');
      assert.ok(f, r.stdout);
      assert.match(f.message, /the gateway runs as uid 1000/);
      assert.match(f.hint, /chown 1000/);
      assert.equal(r.code, 1);
    },
  );
});

describe('reads: regular files only, a size cap, strict UTF-8', () => {
  it('a FIFO at a store path is unreadable (no hang); a non-UTF-8 store is never rewritten; a huge file is not read', async () => {
    const h = await home();
    const src = { access: access('rd'), refresh: refresh('rd'), expiresAt: Date.now() + 6 * HOUR };
    await h.claude(claudeCredentials(src));
    // a copy of the login with a Latin-1 byte in a field Clawkeeper never touches
    const json = JSON.stringify({
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: src.access,
          expires: 1,
          email: 'Zoë@example.com',
        },
      },
    });
    const bytes = Buffer.from(json.replace('ë', '\u0000'), 'utf8');
    bytes[bytes.indexOf(0)] = 0xeb; // invalid UTF-8
    const store = h.path('.openclaw/agents/main/agent/auth-profiles.json');
    await h.write(store, '');
    await writeFile(store, bytes);
    await mkdir(h.path('.openclaw/agents/work/agent'), { recursive: true });
    execFileSync('mkfifo', [h.path('.openclaw/agents/work/agent/auth-profiles.json')]);
    await h.write(
      '.openclaw/agents/big/agent/auth-profiles.json',
      '{"profiles":{},"pad":"' + 'x'.repeat(9 * 1024 * 1024) + '"}',
    );
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const status = await runCli(['status', '--json'], env);
    const report = JSON.parse(status.stdout) as {
      credentials: Array<{ location: string; state: string; reason: string }>;
    };
    const unreadable = report.credentials
      .filter((c) => c.state === 'unreadable')
      .map((c) => c.reason)
      .join('\n');
    assert.match(unreadable, /not a regular file \(a FIFO\)/);
    assert.match(unreadable, /not valid UTF-8/);
    assert.match(unreadable, /over the \d+-byte limit/);
    await runCli(['sync'], env);
    assert.deepEqual(await readFile(store), bytes, 'the non-UTF-8 file is byte for byte as it was');
  });

  for (const blocking of [true, false])
    it(`the ${blocking ? 'blocking (CLI)' : 'non-blocking (tray)'} reader gives the same answers and refusals`, async () => {
      const h = await home();
      const files = new NodeWritableFiles({ blocking });
      const text = '{"profiles":{"a":{"email":"Zoë@example.com"}}}';
      await h.write('ok.json', text);
      await writeFile(h.path('latin1.json'), Buffer.from([0x7b, 0xeb, 0x7d]));
      execFileSync('mkfifo', [h.path('fifo.json')]);
      await h.write('big.json', 'x'.repeat(9 * 1024 * 1024));
      await mkdir(h.path('dir.json'));
      assert.equal(await files.readText(h.path('ok.json')), text);
      assert.equal(await files.readText(h.path('missing.json')), null);
      assert.equal(await files.readText(h.path('nowhere/at/all.json')), null);
      await assert.rejects(files.readText(h.path('fifo.json')), /not a regular file \(a FIFO\)/);
      await assert.rejects(files.readText(h.path('dir.json')), /not a regular file \(a directory\)/);
      await assert.rejects(files.readText(h.path('latin1.json')), /not valid UTF-8; it was left untouched/);
      await assert.rejects(files.readText(h.path('big.json')), /over the 8388608-byte limit/);
      const s = await files.stat(h.path('ok.json'));
      assert.equal(s?.isFile, true);
      assert.equal(s?.mode, 0o600);
      assert.equal(s?.size, Buffer.byteLength(text));
      assert.equal(await files.stat(h.path('missing.json')), null);
      assert.equal(await files.stat(h.path('ok.json/below')), null, 'ENOTDIR is "missing" too');
      assert.deepEqual((await files.list(h.home))?.sort(), [
        'big.json',
        'dir.json',
        'fifo.json',
        'latin1.json',
        'ok.json',
      ]);
      assert.equal(await files.list(h.path('missing')), null);
      assert.equal(await files.list(h.path('ok.json')), null, 'a file is not a folder to list');
    });
});

describe('locks', () => {
  it('an empty lock file (a crash, or OpenClaw between create and write) is waited for while fresh and broken once older than 30 s', async () => {
    const h = await home();
    const file = await h.write('store.json', '{}');
    const locks = new NodeLocks();
    await writeFile(`${file}.lock`, '');
    await assert.rejects(locks.openclawStore(file, 300), /locked by another process/);
    const old = new Date(Date.now() - 31_000);
    await utimes(`${file}.lock`, old, old);
    const held = await locks.openclawStore(file, 300);
    assert.match(await readFile(`${file}.lock`, 'utf8'), /"pid":/);
    await held.release();
  });

  it('a lock symlinked to /dev/zero is never read from', async () => {
    const h = await home();
    const file = await h.write('store.json', '{}');
    await symlink('/dev/zero', `${file}.lock`);
    const old = new Date(Date.now() - 31_000);
    const locks = new NodeLocks();
    await assert.rejects(locks.openclawStore(file, 200), /locked/);
    execFileSync('touch', ['-h', '-d', old.toISOString(), `${file}.lock`]);
    const held = await locks.openclawStore(file, 300);
    assert.ok((await lstat(`${file}.lock`)).isFile());
    await held.release();
  });
});

describe('transport of the refresh token', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  it('refuses plain http to another host before any connection, and accepts https or loopback http', async () => {
    let connections = 0;
    const trap = createNetServer(() => connections++);
    await new Promise<void>((r) => trap.listen(0, '0.0.0.0', r));
    const port = (trap.address() as AddressInfo).port;
    const hostIp = execFileSync('hostname', ['-I']).toString().trim().split(/\s+/)[0] || '10.0.0.1';
    const client = new HttpTokenEndpoint({
      url: `http://${hostIp}:${port}/v1/oauth/token`,
      clientId: 'c',
      userAgent: 'u',
      timeoutMs: 1000,
    });
    await assert.rejects(client.refresh(new Secret(refresh('t')), []), /only https is allowed/);
    trap.close();
    assert.equal(connections, 0);
    assert.doesNotThrow(() => checkTokenUrl('https://console.anthropic.com/v1/oauth/token'));
    assert.doesNotThrow(() => checkTokenUrl('http://127.0.0.1:1/x'));
    assert.doesNotThrow(() => checkTokenUrl('http://[::1]:1/x'));
    assert.throws(() => checkTokenUrl('http://example.com/x'), /only https/);
    assert.throws(() => checkTokenUrl('ftp://127.0.0.1/x'), /only https/);
  });

  it('a 307 from the endpoint is refused: the refresh token never reaches the other origin', async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += String(d)));
      req.on('end', () => {
        seen.push(body);
        res.end('{}');
      });
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    servers.push(other, redirector);
    const client = new HttpTokenEndpoint({
      url: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/t`,
      clientId: 'c',
      userAgent: 'u',
      timeoutMs: 2000,
    });
    const r = await client.refresh(new Secret(refresh('redir')), []);
    assert.equal(r.kind, 'transient');
    assert.match(r.kind === 'transient' ? r.error : '', /redirect \(HTTP 307\)/);
    assert.deepEqual(seen, []);
  });
});

describe('doctor --fix never turns on a full OAuth copy', () => {
  it('an OAuth copy of Claude Code’s login under mode "token" becomes a token copy; the config keeps "token"', async () => {
    const h = await home();
    const src = { access: access('mt'), refresh: refresh('mt'), expiresAt: Date.now() + 6 * HOUR };
    await h.claude(claudeCredentials(src));
    const cfg = await h.config({
      auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'token' } } },
    });
    const store = await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:default': {
          type: 'oauth',
          provider: 'anthropic',
          access: src.access,
          refresh: src.refresh,
          expires: src.expiresAt,
        },
      },
    });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const dry = await runCli(['doctor', '--fix', '--dry-run'], env);
    assert.match(dry.stdout, /token copy/);
    await runCli(['doctor', '--fix'], env);
    const p = (
      JSON.parse(await readFile(store, 'utf8')) as { profiles: Record<string, Record<string, unknown>> }
    ).profiles['anthropic:default']!;
    assert.equal(p.type, 'token');
    assert.equal(p.token, src.access);
    assert.equal(p.refresh, undefined);
    assert.match(await readFile(cfg, 'utf8'), /"mode": ?"token"/);
  });
});

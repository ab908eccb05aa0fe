/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, honoured by every HTTP client the CLI and the tray use:
 * the token refresh, the live probe and alert delivery go through a real CONNECT proxy on
 * 127.0.0.1 (test/fakes/connect-proxy.ts) to https names that exist only for the proxy, with TLS
 * checked end to end against a certificate the child trusts through NODE_EXTRA_CA_CERTS. The
 * proxy records what it tunnelled; NO_PROXY and loopback bypass it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpTokenEndpoint } from '../../../main/adapters/node/http-token-endpoint.ts';
import { proxiedVia, proxySettings } from '../../../main/adapters/node/proxy-dispatcher.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeAnthropicApi } from '../../fakes/anthropic-api.ts';
import { ConnectProxy } from '../../fakes/connect-proxy.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../../helpers/fixture-home.ts';
import { spawnCli } from '../../helpers/run-cli.ts';

const NAMES = ['platform.claude.test', 'hooks.alerts.test', 'api.anthropic.test'];
const dir = mkdtempSync(join(tmpdir(), 'ck-proxy-'));
const fake = new FakeTokenEndpoint();
const rx = new AlertReceiver();
let api: FakeAnthropicApi;
let proxy: ConnectProxy;
let authProxy: ConnectProxy;
const homes: FixtureHome[] = [];
const port = (url: string) => Number(new URL(url).port);

before(async () => {
  // a certificate for the test names, trusted by the children through NODE_EXTRA_CA_CERTS
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=clawkeeper-proxy-test',
      '-addext',
      `subjectAltName=${NAMES.map((n) => `DNS:${n}`).join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  const tls = {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
  await fake.start();
  await rx.start();
  api = await FakeAnthropicApi.start([access('px-live')]);
  proxy = await new ConnectProxy({ tls }).start();
  authProxy = await new ConnectProxy({ tls, credentials: 'alice:s3cr3t-pw' }).start();
  for (const p of [proxy, authProxy]) {
    p.routes.set('platform.claude.test:443', port(fake.url));
    p.routes.set('hooks.alerts.test:443', port(rx.url('/')));
    p.routes.set('api.anthropic.test:443', port(api.base));
  }
});
after(async () => {
  await Promise.all([fake.stop(), rx.stop(), api.close(), proxy.stop(), authProxy.stop()]);
  await Promise.all(homes.map((h) => h.cleanup()));
  rmSync(dir, { recursive: true, force: true });
});

/** A home with a Claude login due for a refresh, and the env a proxied CLI runs with. */
async function home(extra: Record<string, string>) {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.claude(
    claudeCredentials({ access: access('px'), refresh: fake.issue(), expiresAt: Date.now() + 10 * 60_000 }),
  );
  return {
    h,
    env: h.env({
      CLAWKEEPER_DATA_DIR: h.path('data'),
      CLAWKEEPER_TOKEN_URL: 'https://platform.claude.test/v1/oauth/token',
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      ...extra,
    }),
  };
}

describe('proxies from the environment', () => {
  it('reads lower-case before upper-case, and NO_PROXY and loopback bypass the proxy', () => {
    const p = proxySettings({
      HTTPS_PROXY: 'http://upper:1',
      https_proxy: 'http://lower:1',
      NO_PROXY: '.corp,api.x:8443',
    });
    assert.equal(p.httpsProxy, 'http://lower:1');
    assert.equal(proxiedVia(new URL('https://platform.claude.com/x'), p), 'http://lower:1');
    assert.equal(proxiedVia(new URL('https://git.corp/x'), p), null);
    assert.equal(proxiedVia(new URL('https://api.x:8443/'), p), null);
    assert.equal(proxiedVia(new URL('https://api.x/'), p), 'http://lower:1', 'the port must match');
    assert.equal(proxiedVia(new URL('http://127.0.0.1:9/'), { ...p, httpProxy: 'http://p:1' }), null);
    assert.equal(proxiedVia(new URL('https://[::1]:9/'), p), null);
  });

  it('`clawkeeper refresh` refreshes through the proxy: a CONNECT tunnel to the token host, TLS checked inside it', async () => {
    const { h, env } = await home({ HTTPS_PROXY: proxy.url });
    const before = fake.refreshes;
    const r = await spawnCli(['refresh', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fake.refreshes, before + 1);
    assert.deepEqual(
      proxy.tunnels.map((t) => t.target),
      ['platform.claude.test:443'],
      'the name was resolved by the proxy alone',
    );
    assert.ok((proxy.tunnels[0]?.down ?? 0) > 0);
    const creds = JSON.parse(readFileSync(h.path('.claude/.credentials.json'), 'utf8')) as {
      claudeAiOauth: { accessToken: string };
    };
    assert.notEqual(creds.claudeAiOauth.accessToken, access('px'), 'the new login was stored');
  });

  it('a proxy that wants credentials gets them from the URL, and they are never printed', async () => {
    const { env } = await home({ https_proxy: authProxy.url });
    const r = await spawnCli(['refresh', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(authProxy.tunnels.length, 1);
    assert.match(authProxy.tunnels[0]?.auth ?? '', /^Basic /);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('s3cr3t-pw'));
  });

  it('NO_PROXY sends it direct (and a name only the proxy knows then fails, saying so without a stack)', async () => {
    const { env } = await home({ HTTPS_PROXY: proxy.url, NO_PROXY: 'claude.test' });
    const tunnelled = proxy.tunnels.length;
    const r = await spawnCli(['refresh'], env);
    assert.equal(r.code, 75, 'a temporary failure');
    assert.equal(proxy.tunnels.length, tunnelled);
    assert.match(r.stdout + r.stderr, /network error \(ENOTFOUND\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('a refused proxy is a temporary failure that names the proxy, not its password', async () => {
    const { env } = await home({ HTTPS_PROXY: 'http://bob:hunter2@127.0.0.1:9' });
    const r = await spawnCli(['refresh'], env);
    assert.equal(r.code, 75);
    assert.match(r.stdout + r.stderr, /via the proxy http:\/\/127\.0\.0\.1:9/);
    assert.ok(!(r.stdout + r.stderr).includes('hunter2'));
  });

  it('alert delivery and the live probe go through the proxy too', async () => {
    const { h, env } = await home({
      HTTPS_PROXY: proxy.url,
      CLAWKEEPER_API_BASE: 'https://api.anthropic.test',
    });
    await h.write('.config/clawkeeper/settings.json', {
      alerts: { channels: [{ type: 'webhook', name: 'hook', url: 'https://hooks.alerts.test/alerts' }] },
    });
    const before = rx.requests.length;
    const sent = await spawnCli(['alert', 'test', '--json'], env);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.equal(rx.requests.length, before + 1);
    assert.equal(rx.requests.at(-1)?.path, '/alerts');
    const seen = api.seen.length;
    const probed = await spawnCli(['status', '--probe'], env);
    assert.ok(api.seen.length > seen, `the probe reached the API through the proxy: ${probed.stderr}`);
    const targets = new Set(proxy.tunnels.map((t) => t.target));
    assert.ok(
      targets.has('hooks.alerts.test:443') && targets.has('api.anthropic.test:443'),
      [...targets].join(','),
    );
  });

  it('the token endpoint on this machine is never sent through a proxy (a refresh token in plain http)', async () => {
    const tunnelled = proxy.tunnels.length;
    const endpoint = new HttpTokenEndpoint({
      url: fake.url,
      clientId: 'c',
      userAgent: 'clawkeeper-test',
      timeoutMs: 5000,
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
    });
    const r = await endpoint.refresh(new Secret(fake.issue()), []);
    assert.equal(r.kind, 'ok');
    assert.equal(proxy.tunnels.length, tunnelled);
  });
});

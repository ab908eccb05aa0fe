import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { CredentialReport, StatusReport } from '../../../main/core/health/report.ts';
import {
  access,
  apiKey,
  claudeCredentials,
  DAY,
  FixtureHome,
  HOUR,
  refresh,
} from '../../helpers/fixture-home.ts';
import { runCli, statusJson } from '../../helpers/run-cli.ts';
import { SEED_BUG_CONFIG_PROFILES, seedBugStore } from '../../helpers/scenarios.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
async function home(): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}
after(async () => Promise.all(homes.map((h) => h.cleanup())));

function cred(r: StatusReport, id: string): CredentialReport {
  const c = r.credentials.find((x) => x.id === id);
  assert.ok(c, `no credential ${id} in ${r.credentials.map((x) => x.id).join(', ')}`);
  return c;
}

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };

describe("Claude Code's login", () => {
  it('is ok and renewed by Claude Code even minutes before its 8 h token expires', async () => {
    const h = await home();
    await h.claude(
      claudeCredentials({ access: access('c1'), refresh: refresh('c1'), expiresAt: now + 10 * 60_000 }),
    );
    const r = await statusJson(h.env());
    const c = cred(r, 'claude-code');
    assert.equal(c.state, 'ok');
    assert.equal(c.owner, 'claude-code');
    assert.equal(c.refreshable, true);
    assert.equal(c.kind, 'oauth');
    assert.equal(r.worst, 'ok');
    assert.equal(r.exitCode, 0);
  });

  it('stays ok after its access token expired, since the refresh token renews it', async () => {
    const h = await home();
    await h.claude(
      claudeCredentials({ access: access('c2'), refresh: refresh('c2'), expiresAt: now - 2 * HOUR }),
    );
    const c = cred(await statusJson(h.env()), 'claude-code');
    assert.equal(c.state, 'ok');
    assert.match(c.reason, /renews it on next use/);
  });

  it('needs re-auth when Claude Code blanked it after a rejected refresh', async () => {
    const h = await home();
    await h.claude({
      claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, subscriptionType: 'max' },
    });
    const r = await statusJson(h.env());
    const c = cred(r, 'claude-code');
    assert.equal(c.state, 'needs-reauth');
    assert.match(c.hint ?? '', /\/login/);
    assert.equal(r.exitCode, 1);
  });

  it('is one unreadable entry, untouched, when the file is malformed', async () => {
    const h = await home();
    const text = `{"claudeAiOauth": {"accessToken": "${access('m')}"`;
    const p = await h.claude(text);
    const r = await runCli(['status', '--json', '--check'], h.env());
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as StatusReport;
    const c = cred(report, 'claude-code');
    assert.equal(c.state, 'unreadable');
    assert.equal(c.location, p);
    assert.match(c.reason, /invalid JSON/);
    assert.ok(!r.stdout.includes(access('m').slice(13, 40)));
    assert.equal(await readFile(p, 'utf8'), text);
  });

  it('is found under CLAUDE_CONFIG_DIR instead of ~/.claude', async () => {
    const h = await home();
    const p = await h.write(
      'elsewhere/.credentials.json',
      claudeCredentials({ access: access('cd'), refresh: refresh('cd'), expiresAt: now + HOUR }),
    );
    await h.claude(
      claudeCredentials({ access: access('ignored'), refresh: refresh('ignored'), expiresAt: now + HOUR }),
    );
    const r = await statusJson(h.env({ CLAUDE_CONFIG_DIR: h.path('elsewhere') }));
    assert.equal(cred(r, 'claude-code').location, p);
    assert.equal(r.credentials.filter((c) => c.id.startsWith('claude-code')).length, 1);
  });
});

describe('OpenClaw profiles (JSON generation)', () => {
  it('judges setup-tokens by their expiry: ok, expiring within 3 days, expired, never', async () => {
    const h = await home();
    await h.config(MODEL);
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:fresh': {
          type: 'token',
          provider: 'anthropic',
          token: access('f'),
          expires: now + 200 * DAY,
        },
        'anthropic:soon': {
          type: 'token',
          provider: 'anthropic',
          token: access('s'),
          expires: now + 2 * DAY,
        },
        'anthropic:dead': { type: 'token', provider: 'anthropic', token: access('d'), expires: now - DAY },
        'anthropic:forever': { type: 'token', provider: 'anthropic', token: access('n') },
      },
    });
    const r = await statusJson(h.env());
    assert.equal(cred(r, 'openclaw:main/anthropic:fresh').state, 'ok');
    assert.equal(cred(r, 'openclaw:main/anthropic:soon').state, 'expiring');
    assert.equal(cred(r, 'openclaw:main/anthropic:dead').state, 'expired');
    assert.match(cred(r, 'openclaw:main/anthropic:dead').hint ?? '', /claude setup-token/);
    assert.equal(cred(r, 'openclaw:main/anthropic:forever').state, 'ok');
    assert.equal(cred(r, 'openclaw:main/anthropic:forever').expiresAt, null);
    assert.equal(cred(r, 'openclaw:main/anthropic:fresh').owner, 'static');
    // OpenClaw never sends an expired token: it is shown, but the worst is what the gateway sends
    assert.equal(cred(r, 'openclaw:main/anthropic:dead').sent, 'never');
    assert.equal(cred(r, 'openclaw:main/anthropic:soon').sent, 'fallback');
    assert.equal(r.worst, 'expiring');
  });

  it('uses the configured warn window for static tokens', async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: {
        'anthropic:t': { type: 'token', provider: 'anthropic', token: access('w'), expires: now + 10 * DAY },
      },
    });
    await h.write('.config/clawkeeper/settings.json', { health: { staticWarnDays: 14 } });
    assert.equal(cred(await statusJson(h.env()), 'openclaw:main/anthropic:t').state, 'expiring');
    await h.write('.config/clawkeeper/settings.json', { health: { staticWarnDays: 3 } });
    assert.equal(cred(await statusJson(h.env()), 'openclaw:main/anthropic:t').state, 'ok');
  });

  it('calls the seed bug (config mode token, stored type oauth) misconfigured, not healthy', async () => {
    const h = await home();
    const cfg = await h.config({
      ...MODEL,
      auth: { profiles: SEED_BUG_CONFIG_PROFILES },
    });
    await h.profiles('main', seedBugStore('sb', now + 8 * HOUR));
    const r = await statusJson(h.env());
    const c = cred(r, 'openclaw:main/anthropic:default');
    assert.equal(c.state, 'misconfigured');
    assert.match(c.reason, /mode "token".*type "oauth"/);
    const f = r.findings.find((x) => x.check === 'mode-type-mismatch');
    assert.ok(f);
    assert.ok(f.files.includes(cfg));
  });

  it('accepts a stored token under config mode oauth, as OpenClaw does', async () => {
    const h = await home();
    await h.config({ auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'oauth' } } } });
    await h.profiles('main', {
      profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: access('ok') } },
    });
    assert.equal(cred(await statusJson(h.env()), 'openclaw:main/anthropic:default').state, 'ok');
  });

  const damaged: Array<[string, object, RegExp, string]> = [
    [
      'a token with a line break inside',
      {
        type: 'token',
        provider: 'anthropic',
        token: access('lb').slice(0, 50) + '\n' + access('lb').slice(50),
      },
      /line break/,
      'token-whitespace',
    ],
    [
      'a pasted code#state',
      {
        type: 'token',
        provider: 'anthropic',
        token: 'Zk2hQ0pL9vXb4nM7tR1sY8wE3uI6oP5aS2dF#c3RhdGVzdGF0ZXN0YXRl',
      },
      /code#state/,
      'token-damaged',
    ],
    [
      'an OAuth token stored as an API key',
      { type: 'api_key', provider: 'anthropic', key: access('ak') },
      /api_key slot/,
      'oauth-token-as-api-key',
    ],
    [
      'an API key stored as a token',
      { type: 'token', provider: 'anthropic', token: apiKey('kt') },
      /API key/,
      'api-key-as-token',
    ],
    [
      'a refresh token pasted as the token',
      { type: 'token', provider: 'anthropic', token: refresh('rt') },
      /refresh token/,
      'wrong-token-kind',
    ],
    [
      'a truncated token',
      { type: 'token', provider: 'anthropic', token: access('tr').slice(0, 50) },
      /truncated/,
      'token-damaged',
    ],
  ];
  for (const [name, profile, reason, check] of damaged) {
    it(`calls ${name} misconfigured`, async () => {
      const h = await home();
      await h.profiles('main', { profiles: { 'anthropic:x': profile } });
      const r = await statusJson(h.env());
      const c = cred(r, 'openclaw:main/anthropic:x');
      assert.equal(c.state, 'misconfigured');
      assert.match(c.reason, reason);
      assert.ok(
        r.findings.some((f) => f.check === check),
        `finding ${check} in ${r.findings.map((f) => f.check).join(',')}`,
      );
    });
  }

  it('reports auth.order and lastGood naming profiles that do not exist', async () => {
    const h = await home();
    await h.config({ auth: { order: { anthropic: ['anthropic:gone', 'anthropic:here'] } } });
    await h.profiles('main', {
      profiles: { 'anthropic:here': { type: 'token', provider: 'anthropic', token: access('h') } },
      lastGood: { anthropic: 'anthropic:ghost' },
    });
    const r = await statusJson(h.env());
    assert.ok(
      r.findings.some(
        (f) => f.check === 'order-names-missing-profile' && f.message.includes('anthropic:gone'),
      ),
    );
    assert.ok(
      r.findings.some(
        (f) => f.check === 'last-good-missing-profile' && f.message.includes('anthropic:ghost'),
      ),
    );
  });

  it('reports a configured profile that no agent stores', async () => {
    const h = await home();
    await h.config({ auth: { profiles: { 'anthropic:work': { provider: 'anthropic', mode: 'token' } } } });
    await h.profiles('main', {
      profiles: { 'anthropic:home': { type: 'token', provider: 'anthropic', token: access('hm') } },
    });
    const r = await statusJson(h.env());
    assert.ok(
      r.findings.some((f) => f.check === 'config-profile-not-stored' && f.message.includes('anthropic:work')),
    );
  });

  it('an expired static token first in the order is never sent: OpenClaw sends the valid one after it', async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: {
        'anthropic:old': { type: 'token', provider: 'anthropic', token: access('o'), expires: now - DAY },
        'anthropic:new': {
          type: 'token',
          provider: 'anthropic',
          token: access('nw'),
          expires: now + 300 * DAY,
        },
      },
      order: { anthropic: ['anthropic:old', 'anthropic:new'] },
    });
    const r = await statusJson(h.env());
    const route = r.routes.find((x) => x.agent === 'main');
    assert.equal(route?.sends?.profileId, 'anthropic:new');
    assert.deepEqual(
      route?.skipped.map((k) => [k.profileId, k.why]),
      [['anthropic:old', 'the token has expired (expired)']],
    );
    assert.equal(cred(r, 'openclaw:main/anthropic:old').state, 'expired');
    assert.equal(cred(r, 'openclaw:main/anthropic:old').sent, 'never');
    assert.equal(r.exitCode, 0, 'what the gateway sends is fine; the dead token is only shown');
  });
});

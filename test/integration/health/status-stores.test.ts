import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { CredentialReport, StatusReport } from '../../../main/core/health/report.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli, statusJson } from '../../helpers/run-cli.ts';

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

describe('OpenClaw profiles (JSON generation), continued', () => {
  it('calls an out-of-date copy of the Claude login a stale copy', async () => {
    const h = await home();
    await h.claude(
      claudeCredentials({ access: access('new'), refresh: refresh('new'), expiresAt: now + 7 * HOUR }),
    );
    await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('old'),
          refresh: refresh('old'),
          expires: now - HOUR,
        },
      },
    });
    const r = await statusJson(h.env());
    const c = cred(r, 'openclaw:main/anthropic:claude-cli');
    assert.equal(c.state, 'stale-copy');
    assert.equal(c.owner, 'claude-code');
    assert.deepEqual(c.copies, ['claude-code']);
    assert.deepEqual(cred(r, 'claude-code').copies, ['openclaw:main/anthropic:claude-cli']);
    assert.equal(r.exitCode, 2);
  });

  it("never joins two agents' own setup-tokens by their shared default profile id", async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('v2'),
          expires: now + 360 * DAY,
        },
      },
    });
    await h.profiles('coder', {
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('v1'),
          expires: now + 20 * DAY,
        },
      },
    });
    const r = await statusJson(h.env());
    assert.equal(cred(r, 'openclaw:coder/anthropic:manual').state, 'ok');
    assert.equal(cred(r, 'openclaw:main/anthropic:manual').state, 'ok');
    assert.deepEqual(cred(r, 'openclaw:coder/anthropic:manual').copies, []);
  });

  it('is one unreadable entry per malformed store, left byte-for-byte untouched', async () => {
    const h = await home();
    const bad = '{"version":1,"profiles":{"anthropic:x":{"type":"token","token":"' + access('bad') + '"';
    const p = await h.profiles('main', bad);
    const r = await statusJson(h.env());
    const c = cred(r, 'openclaw:main/auth-profiles.json');
    assert.equal(c.state, 'unreadable');
    assert.equal(c.kind, null);
    assert.equal(await readFile(p, 'utf8'), bad);
  });

  it('reports a malformed openclaw.json as a finding', async () => {
    const h = await home();
    await h.config('{ auth: { profiles: ');
    await h.profiles('main', {
      profiles: { 'anthropic:t': { type: 'token', provider: 'anthropic', token: access('t') } },
    });
    const r = await statusJson(h.env());
    assert.ok(r.findings.some((f) => f.check === 'unreadable-file' && f.severity === 'error'));
  });

  it('finds files and directories more open than 0600 / 0700', async () => {
    const h = await home();
    const p = await h.profiles(
      'main',
      { profiles: { 'anthropic:t': { type: 'token', provider: 'anthropic', token: access('p') } } },
      '.openclaw',
      0o644,
    );
    const { chmod } = await import('node:fs/promises');
    await chmod(h.path('.openclaw/agents/main/agent'), 0o755);
    const r = await statusJson(h.env());
    assert.ok(
      r.findings.some(
        (f) => f.check === 'file-permissions' && f.files.includes(p) && f.message.includes('0644'),
      ),
    );
    assert.ok(r.findings.some((f) => f.check === 'dir-permissions' && f.message.includes('0755')));
  });

  it('filters by --agent', async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: { 'anthropic:a': { type: 'token', provider: 'anthropic', token: access('a1') } },
    });
    await h.profiles('ops', {
      profiles: { 'anthropic:b': { type: 'token', provider: 'anthropic', token: access('b1') } },
    });
    const r = await statusJson(h.env(), ['--agent', 'ops']);
    assert.deepEqual(
      r.credentials.map((c) => c.id),
      ['openclaw:ops/anthropic:b'],
    );
  });

  it('finds Clawdbot and Moltbot state dirs, OPENCLAW_STATE_DIR and OPENCLAW_AGENT_DIR', async () => {
    const h = await home();
    await h.profiles(
      'main',
      { profiles: { 'anthropic:c': { type: 'token', provider: 'anthropic', token: access('cb') } } },
      '.clawdbot',
    );
    await h.profiles(
      'main',
      { profiles: { 'anthropic:m': { type: 'token', provider: 'anthropic', token: access('mb') } } },
      'custom-molt',
    );
    await h.write('agentdir/auth-profiles.json', {
      profiles: { 'anthropic:o': { type: 'token', provider: 'anthropic', token: access('od') } },
    });
    await h.write('oc/agents/.keep', '');
    const r = await statusJson(
      h.env({
        MOLTBOT_STATE_DIR: h.path('custom-molt'),
        OPENCLAW_STATE_DIR: h.path('oc'),
        OPENCLAW_AGENT_DIR: h.path('agentdir'),
      }),
    );
    const ids = r.credentials.map((c) => c.id).sort();
    assert.deepEqual(ids, [
      'clawdbot:main/anthropic:c',
      'moltbot:main/anthropic:m',
      'openclaw:main/anthropic:o',
    ]);
    assert.equal(r.installs.find((i) => i.label === 'clawdbot')?.generation, 'json-cli-sync');
  });

  it('lists environment overrides as credentials and informational findings', async () => {
    const h = await home();
    const r = await statusJson(h.env({ ANTHROPIC_API_KEY: access('env') }));
    const c = cred(r, 'env:ANTHROPIC_API_KEY');
    assert.equal(c.state, 'misconfigured');
    assert.ok(r.findings.some((f) => f.check === 'env-override' && f.severity === 'info'));
  });
});

describe('SQLite generations', () => {
  let h: FixtureHome;
  before(async () => {
    h = await home();
    await h.config({ ...MODEL, meta: { lastTouchedVersion: '2026.9.6' } });
    await h.write('.openclaw/state/openclaw.sqlite', 'SQLite format 3\u0000');
    await h.profiles('main', {
      profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: access('sq') } },
    });
  });

  it('says plainly that the openclaw CLI is needed when it is missing', async () => {
    const r = await statusJson(h.env({ PATH: '/nonexistent' }));
    const agent = cred(r, 'openclaw:main');
    assert.equal(agent.state, 'unreadable');
    assert.match(agent.reason, /SQLite/);
    assert.match(agent.hint ?? '', /CLAWKEEPER_OPENCLAW_BIN/);
    assert.equal(r.installs[0]?.readVia, 'unavailable');
  });

  it('marks the leftover auth-profiles.json as retired', async () => {
    const r = await statusJson(h.env({ PATH: '/nonexistent' }));
    const json = cred(r, 'openclaw:main/anthropic:default@json');
    assert.equal(json.state, 'misconfigured');
    assert.match(json.hint ?? '', /openclaw doctor --fix/);
    assert.ok(r.findings.some((f) => f.check === 'retired-json-store'));
  });
});

describe('settings', () => {
  it('reports a broken settings file, uses the defaults, and leaves it alone', async () => {
    const h = await home();
    const p = await h.write(
      '.config/clawkeeper/settings.json',
      '{ "health": { "staticWarnDays": "three" } }',
    );
    await h.profiles('main', {
      profiles: {
        'anthropic:t': { type: 'token', provider: 'anthropic', token: access('st'), expires: now + 2 * DAY },
      },
    });
    const r = await runCli(['status'], h.env());
    assert.equal(r.code, 0);
    assert.match(r.stderr, /settings file .* is not valid .*health\.staticWarnDays/);
    assert.match(r.stdout, /expiring/);
    assert.equal(await readFile(p, 'utf8'), '{ "health": { "staticWarnDays": "three" } }');
  });

  it('honours CLAWKEEPER_CONFIG', async () => {
    const h = await home();
    const p = await h.write('custom.json', { health: { staticWarnDays: 30 } });
    await h.profiles('main', {
      profiles: {
        'anthropic:t': { type: 'token', provider: 'anthropic', token: access('cc'), expires: now + 20 * DAY },
      },
    });
    assert.equal(
      cred(await statusJson(h.env({ CLAWKEEPER_CONFIG: p })), 'openclaw:main/anthropic:t').state,
      'expiring',
    );
  });
});

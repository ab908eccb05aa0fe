import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { openclawPath, programs, run, type Programs } from './programs.ts';

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };

describe('the keeper against the real programs', () => {
  const fake = new FakeTokenEndpoint();
  const homes: FixtureHome[] = [];
  let p: Programs;
  before(async () => {
    p = programs();
    await fake.start();
  });
  after(async () => {
    await fake.stop();
    await Promise.all(homes.map((h) => h.cleanup()));
  });

  it('after `clawkeeper sync` into a 2026.6.1 state, `openclaw models status --check` does not fail and shows the profile', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const src = { access: access('ik-new'), refresh: refresh('ik-new'), expiresAt: Date.now() + 8 * HOUR };
    await h.claude(claudeCredentials(src));
    await h.config({
      ...MODEL,
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' } } },
    });
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('ik-old'),
          refresh: src.refresh,
          expires: Date.now() - HOUR,
        },
      },
    });
    const env = h.env({
      PATH: openclawPath(p, '2026.6.1'),
      OPENCLAW_STATE_DIR: h.path('.openclaw'),
      CLAWKEEPER_DATA_DIR: h.path('data'),
      CLAWKEEPER_TOKEN_URL: fake.url,
    });
    const before = await run(p.openclaw['2026.6.1'], ['models', 'status', '--check'], env);
    assert.equal(before.code, 1, 'the stale copy is expired for OpenClaw before the sync');
    const sync = await spawnCli(['sync'], env);
    assert.equal(sync.code, 0, sync.stdout + sync.stderr);
    const check = await run(p.openclaw['2026.6.1'], ['models', 'status', '--check'], env);
    assert.notEqual(check.code, 1, `openclaw --check after sync: ${check.stdout}${check.stderr}`);
    const json = JSON.parse(
      (await run(p.openclaw['2026.6.1'], ['models', 'status', '--json'], env)).stdout,
    ) as { auth: { oauth: { profiles: Array<{ profileId: string; type: string; status: string }> } } };
    const profile = json.auth.oauth.profiles.find((x) => x.profileId === 'anthropic:claude-cli');
    assert.equal(profile?.type, 'token');
    assert.notEqual(profile?.status, 'expired');
    assert.ok(
      (await readFile(h.path('.openclaw/agents/main/agent/auth-profiles.json'), 'utf8')).includes(src.access),
    );
  });

  it('2026.9.6: an older token of the login pasted into the SQLite store is stale-copy; `sync` pastes the current one there through the real CLI', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.config(MODEL);
    // one paste-token of 2026.9.6 takes 8 s alone and 40 s on a loaded 2-core machine
    await h.write(
      '.config/clawkeeper/settings.json',
      JSON.stringify({ openclaw: { cliTimeoutMs: 110_000 } }),
    );
    const env = h.env({
      PATH: openclawPath(p, '2026.9.6'),
      OPENCLAW_STATE_DIR: h.path('.openclaw'),
      CLAWKEEPER_DATA_DIR: h.path('data'),
      CLAWKEEPER_TOKEN_URL: fake.url,
    });
    // Clawkeeper sees the login at v1 (and remembers it); the user pastes that token into OpenClaw
    await h.claude(
      claudeCredentials({
        access: access('i9-v1'),
        refresh: refresh('i9-v1'),
        expiresAt: Date.now() + 7 * HOUR,
      }),
    );
    assert.equal((await spawnCli(['status', '--json'], env)).code, 0);
    const paste = await run(
      p.openclaw['2026.9.6'],
      [
        'models',
        'auth',
        'paste-token',
        '--provider',
        'anthropic',
        '--profile-id',
        'anthropic:copy',
        '--expires-in',
        '6h',
      ],
      env,
      access('i9-v1'),
      60_000,
    );
    assert.equal(paste.code, 0, paste.stdout + paste.stderr);
    // Claude Code rotates; the database still holds v1
    await h.claude(
      claudeCredentials({
        access: access('i9-v2'),
        refresh: refresh('i9-v2'),
        expiresAt: Date.now() + 8 * HOUR,
      }),
    );
    type Report = {
      credentials: Array<{ id: string; state: string; source: string; fingerprint: string | null }>;
    };
    const stale = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as Report;
    const copy = stale.credentials.find((c) => c.id === 'openclaw:main/anthropic:copy');
    assert.equal(copy?.source, 'sqlite');
    assert.equal(copy?.state, 'stale-copy');

    const sync = await spawnCli(['sync'], env);
    assert.equal(sync.code, 0, sync.stdout + sync.stderr);
    const after = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as Report;
    const synced = after.credentials.find((c) => c.id === 'openclaw:main/anthropic:copy');
    assert.equal(synced?.state, 'ok');
    assert.equal(
      synced?.fingerprint,
      fingerprintOf(access('i9-v2')),
      'the real CLI stored the current token',
    );
  });

  it('after a peer refresh, the real `claude auth status` still reports the login with subscriptionType intact', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({
        access: access('peer'),
        refresh: fake.issue(),
        expiresAt: Date.now() + 20 * 60_000,
      }),
    );
    const env = h.env({
      CLAWKEEPER_TOKEN_URL: fake.url,
      CLAWKEEPER_DATA_DIR: h.path('data'),
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
    const before = fake.refreshes;
    const r = await spawnCli(['refresh'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fake.refreshes, before + 1);
    const status = await run(p.claude, ['auth', 'status', '--json'], env, '', 60_000);
    const doc = JSON.parse(status.stdout) as { loggedIn: boolean; subscriptionType?: string };
    assert.equal(doc.loggedIn, true);
    assert.equal(doc.subscriptionType, 'max');
  });
});

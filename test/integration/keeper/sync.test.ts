import assert from 'node:assert/strict';
import { readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { keeperFor, readJson } from '../../helpers/keeper-harness.ts';
import { runCli } from '../../helpers/run-cli.ts';

const fake = new FakeTokenEndpoint();
let url: string;
const homes: FixtureHome[] = [];
before(async () => {
  url = await fake.start();
});
after(async () => {
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

type Store = { profiles: Record<string, Record<string, unknown>>; order?: unknown; usageStats?: unknown };

async function setup() {
  const h = await FixtureHome.create();
  homes.push(h);
  const src = {
    access: access(`src${homes.length}`),
    refresh: refresh(`src${homes.length}`),
    expiresAt: Date.now() + 6 * HOUR,
  };
  await h.claude(claudeCredentials(src));
  return { h, src };
}

describe('sync into OpenClaw stores', () => {
  it('turns an existing full copy of the login into a safe token copy, with a backup, keeping other fields and profiles', async () => {
    const { h, src } = await setup();
    const original = {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('old'),
          refresh: src.refresh,
          expires: Date.now() - HOUR,
          email: 'me@example.com',
        },
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('manual'),
          expires: Date.now() + 200 * DAY,
        },
      },
      order: { anthropic: ['anthropic:claude-cli'] },
      usageStats: { 'anthropic:claude-cli': { lastUsed: 1 } },
    };
    const file = await h.profiles('main', original);
    const originalText = await readFile(file, 'utf8');
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    const after = await readJson<Store>(file);
    const p = after.profiles['anthropic:claude-cli']!;
    assert.equal(p.type, 'token');
    assert.equal(p.token, src.access);
    assert.equal(p.expires, src.expiresAt);
    assert.equal(p.refresh, undefined, 'OpenClaw must not hold a refresh token it could spend');
    assert.equal(p.access, undefined);
    assert.equal(p.email, 'me@example.com');
    assert.deepEqual(after.profiles['anthropic:manual'], original.profiles['anthropic:manual']);
    assert.deepEqual(after.order, original.order);
    assert.deepEqual(after.usageStats, original.usageStats);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const synced = k.of('synced');
    assert.equal(synced.length, 1);
    const backupId = synced[0]?.backupId;
    assert.ok(backupId);
    assert.equal(await readFile(h.path('data/backups', `${backupId}.bak`), 'utf8'), originalText);
    // status now calls it ok (a fresh token copy), not stale
    const status = k.keeper.current();
    assert.equal(status?.credentials.find((c) => c.id === 'openclaw:main/anthropic:claude-cli')?.state, 'ok');
  });

  it('gives an opted-in full copy the login’s own refresh token, never the access token in its place', async () => {
    const { h, src } = await setup();
    const file = h.path('full/auth-profiles.json');
    await h.write('.config/clawkeeper/settings.json', {
      sync: {
        autoLinks: false,
        links: [{ kind: 'openclaw-profile', file, profileId: 'anthropic:full', full: true }],
      },
    });
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    const p = (await readJson<Store>(file)).profiles['anthropic:full']!;
    assert.equal(p.type, 'oauth');
    assert.equal(p.access, src.access);
    assert.equal(p.refresh, src.refresh);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('does nothing when every copy is already current', async () => {
    const { h, src } = await setup();
    const file = await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: src.access,
          expires: src.expiresAt,
        },
      },
    });
    const before = await stat(file);
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    assert.equal(k.of('synced').length, 0);
    assert.equal((await stat(file)).mtimeMs, before.mtimeMs);
  });

  it('keeps a configured .env variable in step, preserving the rest of the file', async () => {
    const { h, src } = await setup();
    const env = await h.write('gateway/.env', '# OpenClaw\nPORT=18789\nANTHROPIC_OAUTH_TOKEN=stale\n', 0o600);
    await h.write('.config/clawkeeper/settings.json', {
      sync: { links: [{ kind: 'env-file', file: env, variable: 'ANTHROPIC_OAUTH_TOKEN' }] },
    });
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    assert.equal(
      await readFile(env, 'utf8'),
      `# OpenClaw\nPORT=18789\nANTHROPIC_OAUTH_TOKEN=${src.access}\n`,
    );
  });

  it('writes the legacy credentials/oauth.json without the refresh token unless a full copy is asked for', async () => {
    const { h, src } = await setup();
    const legacy = await h.write('.openclaw/credentials/oauth.json', {
      anthropic: { access: access('x'), refresh: src.refresh, expires: 1, scopes: ['user:inference'] },
    });
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    const doc = await readJson<{ anthropic: Record<string, unknown> }>(legacy);
    assert.equal(doc.anthropic.access, src.access);
    assert.equal(doc.anthropic.refresh, undefined);
    assert.deepEqual(doc.anthropic.scopes, ['user:inference']);
  });

  it('follows a symlinked store to its real file and keeps the link', async () => {
    const { h, src } = await setup();
    const real = await h.write('real/auth-profiles.json', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('o'),
          refresh: src.refresh,
          expires: 1,
        },
      },
    });
    await h.write('.openclaw/agents/main/agent/.keep', '');
    await symlink(real, h.path('.openclaw/agents/main/agent/auth-profiles.json'));
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    assert.equal((await readJson<Store>(real)).profiles['anthropic:claude-cli']?.token, src.access);
    assert.ok((await stat(h.path('.openclaw/agents/main/agent/auth-profiles.json'))).isFile());
    const { lstat } = await import('node:fs/promises');
    assert.ok((await lstat(h.path('.openclaw/agents/main/agent/auth-profiles.json'))).isSymbolicLink());
  });

  it('leaves an unparseable configured target byte-for-byte untouched and reports it', async () => {
    const { h } = await setup();
    const broken = '{"profiles": {"anthropic:x": ';
    const file = await h.write('other/auth-profiles.json', broken);
    await h.write('.config/clawkeeper/settings.json', {
      sync: { links: [{ kind: 'openclaw-profile', file, profileId: 'anthropic:x' }] },
    });
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    assert.equal(await readFile(file, 'utf8'), broken);
    assert.match(k.of('sync-failed')[0]?.error ?? '', /could not be parsed.*left untouched/);
    assert.deepEqual((await readdir(h.path('other'))).sort(), ['auth-profiles.json']);
  });

  it('never copies a blanked or expired login over a working copy', async () => {
    const { h } = await setup();
    await writeFile(
      h.path('.claude/.credentials.json'),
      JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } }),
    );
    const file = await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: access('keep'),
          expires: Date.now() + HOUR,
        },
      },
    });
    const before = await readFile(file, 'utf8');
    const k = await keeperFor(h, url);
    await k.keeper.syncNow();
    assert.equal(await readFile(file, 'utf8'), before);
  });

  it('`clawkeeper sync` prints what it did and exits like status --check', async () => {
    const { h, src } = await setup();
    await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('old2'),
          refresh: src.refresh,
          expires: Date.now() - HOUR,
        },
      },
    });
    const r = await runCli(
      ['sync'],
      h.env({ CLAWKEEPER_TOKEN_URL: url, CLAWKEEPER_DATA_DIR: h.path('data') }),
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /synced anthropic:claude-cli in .*auth-profiles\.json/);
    assert.ok(!r.stdout.includes(src.access.slice(13)));
  });
});

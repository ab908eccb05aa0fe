import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { access, apiKey, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

async function setup(profiles: Record<string, object>) {
  const h = await FixtureHome.create();
  homes.push(h);
  const src = {
    access: access(`g${homes.length}`),
    refresh: refresh(`g${homes.length}`),
    expiresAt: Date.now() + 6 * HOUR,
  };
  await h.claude(claudeCredentials(src));
  await h.config({ agents: { list: [{ id: 'main' }, { id: 'work' }] } });
  const file = await h.profiles('work', { version: 1, profiles });
  await h.profiles('main', { version: 1, profiles: {} });
  return { h, src, file, env: h.env({ CLAWKEEPER_DATA_DIR: h.path('data') }) };
}

describe('guarded link targets', () => {
  it('refuses a profile holding a Console API key, and a later sync leaves the key alone', async () => {
    const key = apiKey('console');
    const { file, env } = await setup({ 'anthropic:work': { type: 'api_key', provider: 'anthropic', key } });
    const before = await readFile(file, 'utf8');
    const r = await runCli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Console API key sk-ant-api03-…/);
    assert.match(r.stderr, /--replace/);
    assert.ok(!r.stderr.includes(key), 'the key is never printed');
    assert.equal(await readFile(file, 'utf8'), before);
    const list = (JSON.parse((await runCli(['link', 'list', '--json'], env)).stdout) as { links: unknown[] })
      .links;
    assert.equal(list.length, 0, 'nothing was linked');
    await runCli(['sync'], env);
    assert.equal(await readFile(file, 'utf8'), before);
  });

  it('refuses another login’s token, and --replace says what is lost, backs it up and writes the login', async () => {
    const other = access('someone-else');
    const { file, env, src } = await setup({
      'anthropic:work': { type: 'token', provider: 'anthropic', token: other },
    });
    const before = await readFile(file, 'utf8');
    const refused = await runCli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /another login or a setup-token/);
    const r = await runCli(
      ['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work', '--replace'],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const backupId = /backup (\S+);/.exec(r.stdout)?.[1];
    assert.ok(backupId, r.stdout);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { profiles: Record<string, { token?: string }> };
    assert.equal(doc.profiles['anthropic:work']?.token, src.access);
    const list = await runCli(['backup', 'list'], env);
    assert.match(list.stdout, new RegExp(backupId));
    assert.equal(await readFile(`${env.CLAWKEEPER_DATA_DIR}/backups/${backupId}.bak`, 'utf8'), before);
  });

  it('accepts an empty target without --replace', async () => {
    const { env } = await setup({});
    const r = await runCli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:new'], env);
    assert.equal(r.code, 0, r.stderr);
  });

  it('accepts a profile that already holds the current access token', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const src = { access: access('same'), refresh: refresh('same'), expiresAt: Date.now() + 6 * HOUR };
    await h.claude(claudeCredentials(src));
    await h.profiles('main', {
      version: 1,
      profiles: { 'anthropic:x': { type: 'token', provider: 'anthropic', token: src.access } },
    });
    const r = await runCli(
      ['link', 'add', '--agent', 'main', '--profile-id', 'anthropic:x'],
      h.env({ CLAWKEEPER_DATA_DIR: h.path('data') }),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /already holds a copy of this login/);
  });

  it('refuses an unknown agent with the list of known ones, creating nothing', async () => {
    const { h, env } = await setup({});
    const r = await runCli(['link', 'add', '--agent', 'nosuch'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no agent "nosuch".*known agents: (main, work|work, main)/);
    assert.equal(await stat(h.path('.openclaw/agents/nosuch')).catch(() => null), null);
    const p = await runCli(['paste-token', '--agent', 'nosuch'], env, access('setup') + '\n');
    assert.equal(p.code, 1);
    assert.match(p.stderr, /no agent "nosuch".*known agents/);
    assert.equal(await stat(h.path('.openclaw/agents/nosuch')).catch(() => null), null);
  });

  it('refuses a .env path whose folder does not exist, and sync never creates it', async () => {
    const { h, env } = await setup({});
    const r = await runCli(['link', 'add', '--dotenv', h.path('nonexistent/.env')], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /folder .*nonexistent does not exist/);
    assert.equal(await stat(h.path('nonexistent')).catch(() => null), null);
  });

  it('leaves a Clawdbot-era install’s own claude-cli profile to it', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const src = { access: access('cb'), refresh: refresh('cb'), expiresAt: Date.now() + 6 * HOUR };
    await h.claude(claudeCredentials(src));
    await h.config({ agents: { list: [{ id: 'main' }] } }, '.clawdbot', 'clawdbot.json');
    const file = await h.profiles(
      'main',
      {
        version: 1,
        profiles: {
          'anthropic:claude-cli': {
            type: 'oauth',
            provider: 'anthropic',
            access: src.access,
            refresh: src.refresh,
            expires: src.expiresAt - HOUR,
          },
        },
      },
      '.clawdbot',
    );
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const before = await readFile(file, 'utf8');
    await runCli(['sync'], env);
    assert.equal(await readFile(file, 'utf8'), before, 'sync leaves OpenClaw’s own copy alone');
  });
});

/**
 * SQLite-store targets (OpenClaw 2026.6.5+) through the built CLI: a copy of the Claude login in a
 * database is linked automatically and kept current through `openclaw models auth paste-token`
 * (a stand-in here that records argv and stdin), once per change of the login; a profile holding
 * another credential is refused without --replace, and with it the loss is stated (no backup).
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { access, apiKey, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { NEEDS_SQLITE, writeAgentDb } from '../../helpers/openclaw-sqlite.ts';
import { BIN, runCli, runProcess } from '../../helpers/run-cli.ts';

const STANDIN = new URL('../../fakes/openclaw-standin.mjs', import.meta.url).pathname;
const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function home(seed: string) {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.config({ meta: { lastTouchedVersion: '2026.9.6' } });
  await h.claude(
    claudeCredentials({ access: access(seed), refresh: refresh(seed), expiresAt: now + 7 * HOUR }),
  );
  const log = h.path('oc-calls.jsonl');
  const env = h.env({
    CLAWKEEPER_OPENCLAW_BIN: STANDIN,
    FAKE_OPENCLAW_LOG: h.path('oc-last.json'),
    FAKE_OPENCLAW_CALLS: log,
  });
  return { h, env, log };
}

const store = (id: string, profile: object) => ({ version: 1, profiles: { [id]: profile } });
const token = (t: string, expires: number) => ({ type: 'token', provider: 'anthropic', token: t, expires });
/** The paste-token calls the stand-in saw (null: none). */
async function pasted(log: string): Promise<{ argv: string[]; input: string } | null> {
  const lines = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const calls = lines
    .map((l) => JSON.parse(l) as { argv: string[]; input: string })
    .filter((c) => c.argv.includes('paste-token'));
  assert.ok(calls.length <= 1, `${calls.length} paste-token calls`);
  return calls[0] ?? null;
}

describe('SQLite targets get the same links and guards as JSON targets', { skip: NEEDS_SQLITE }, () => {
  it('a database profile holding an earlier token of the login is linked and pasted once, not on every pass', async () => {
    const { h, env, log } = await home('sq-l1');
    const db = h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite');
    await writeAgentDb(db, {
      agentId: 'work',
      store: store('anthropic:copy', token(access('sq-l1'), now + 7 * HOUR)),
    });
    // the first look remembers the token as the login's; then Claude Code rotates
    assert.equal((await runCli(['status', '--json'], env)).code, 0);
    await h.claude(
      claudeCredentials({ access: access('sq-l2'), refresh: refresh('sq-l2'), expiresAt: now + 8 * HOUR }),
    );

    const list = (
      JSON.parse((await runCli(['link', 'list', '--json'], env)).stdout) as {
        links: Array<{ id: string; auto: boolean }>;
      }
    ).links;
    const id = `openclaw-cli:${h.path('.openclaw')}#work/anthropic:copy`;
    assert.deepEqual(list, [{ ...list[0], id, auto: true }]);

    const first = await runCli(['sync', '--json'], env);
    assert.notEqual(first.code, 70, first.stderr);
    const call = await pasted(log);
    assert.ok(call, 'the copy was written through the openclaw CLI');
    assert.deepEqual(call.argv.slice(0, 3), ['models', 'auth', 'paste-token']);
    assert.ok(call.argv.includes('--agent') && call.argv.includes('work'));
    assert.ok(call.argv.includes('anthropic:copy'));
    assert.equal(call.input.trim(), access('sq-l2'), 'the current access token, on stdin');
    assert.ok(!call.argv.some((a) => a.includes('sk-ant-')), 'never in argv');
    assert.doesNotMatch(first.stdout + first.stderr, /sk-ant-oat01-[A-Za-z0-9]{20}/);

    // the stand-in stores nothing, so the database still holds the old token: a pass per minute
    // must not run an 8 s, 400 MB paste each time for the same login
    await rm(log);
    await runCli(['sync', '--json'], env);
    await runCli(['sync', '--json'], env);
    assert.equal(await pasted(log), null, 'no second paste for the same login');
  });

  it('a database that already holds the current token is linked without any paste', async () => {
    const { h, env, log } = await home('sq-cur');
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), {
      agentId: 'work',
      store: store('anthropic:copy', token(access('sq-cur'), now + 7 * HOUR)),
    });
    const list = (JSON.parse((await runCli(['link', 'list', '--json'], env)).stdout) as { links: unknown[] })
      .links;
    assert.equal(list.length, 1);
    await runCli(['sync', '--json'], env);
    assert.equal(await pasted(log), null);
  });

  it('link add on a database profile holding an API key: refused, then --replace states what is lost (no backup)', async () => {
    const { h, env, log } = await home('sq-rep');
    const key = apiKey('sq-rep');
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), {
      agentId: 'work',
      store: store('anthropic:work', { type: 'api_key', provider: 'anthropic', key }),
    });
    const args = ['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work'];
    const refused = await runCli(args, env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /holds a Console API key sk-ant-api03-…/);
    assert.match(refused.stderr, new RegExp(fingerprintOf(key)));
    assert.match(refused.stderr, /There is no backup: OpenClaw owns that database/);
    assert.doesNotMatch(refused.stderr, /a backup of the file is taken/);
    assert.equal(await pasted(log), null, 'nothing written when refused');

    const done = await runCli([...args, '--replace'], env);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /Replaced a Console API key .* with Claude Code's login/);
    assert.match(done.stdout, /No backup: OpenClaw owns that database/);
    assert.match(
      done.stdout,
      /openclaw models auth paste-token --provider anthropic --profile-id anthropic:work/,
    );
    const call = await pasted(log);
    assert.equal(call?.input.trim(), access('sq-rep'));
    const logText = await readFile(h.path('.local/state/clawkeeper/logs/clawkeeper.log'), 'utf8');
    assert.match(logText, new RegExp(fingerprintOf(key)), 'the fingerprint of what was replaced is kept');
    for (const text of [done.stdout, done.stderr, refused.stderr, logText]) {
      assert.ok(!text.includes(key), 'the replaced key never appears');
      assert.ok(!text.includes(access('sq-rep')), 'the login never appears');
    }
  });

  it('link add on a profile of a store read through the CLI (no tokens seen) needs --replace', async () => {
    const { h, env } = await home('sq-unseen');
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), {
      agentId: 'work',
      schemaVersion: 99, // unknown: read through the CLI, which shows no tokens
      store: store('anthropic:work', token(access('other'), now + 300 * 24 * HOUR)),
    });
    const r = await runCli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work'], env);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /a credential Clawkeeper cannot see/);
  });

  it('on a Node without node:sqlite (store read through the CLI): a copy Clawkeeper pasted is ok, then stale-copy after a rotation', async (t) => {
    const old = await runProcess('/usr/bin/node', ['--version'], {}).catch(() => null);
    const major = Number(/^v(\d+)/.exec(old?.stdout ?? '')?.[1] ?? 0);
    if (!old || major === 0 || major >= 22) return t.skip('no Node older than 22 at /usr/bin/node');
    const { h, env, log } = await home('sq-n20');
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), { agentId: 'work' });
    const statusFile = h.path('oc-status.json');
    const status = (profiles: object[]) =>
      writeFile(statusFile, JSON.stringify({ auth: { oauth: { profiles } } }));
    await status([]);
    const e20 = { ...env, FAKE_OPENCLAW_STATUS: statusFile };
    const cli = (args: string[]) => runProcess('/usr/bin/node', [BIN, ...args], e20);
    assert.equal((await cli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:copy'])).code, 0);
    await cli(['sync', '--json']);
    assert.ok(await pasted(log), 'pasted through the CLI');
    // OpenClaw now reports the profile with the expiry the paste asked for (no token shown)
    const memory = JSON.parse(await readFile(h.path('.local/state/clawkeeper/lineage.json'), 'utf8')) as {
      syncedExpires: Record<string, number>;
    };
    const asked = Object.values(memory.syncedExpires)[0];
    assert.ok(asked && asked > now, 'the expiry asked for is remembered');
    await status([
      {
        profileId: 'anthropic:copy',
        provider: 'anthropic',
        type: 'token',
        status: 'ok',
        expiresAt: asked + 20_000,
      },
    ]);
    type Report = { credentials: Array<{ id: string; state: string; owner: string; reason: string }> };
    const id = 'openclaw:work/anthropic:copy';
    const current = (JSON.parse((await cli(['status', '--json'])).stdout) as Report).credentials.find(
      (c) => c.id === id,
    );
    assert.equal(current?.state, 'ok', current?.reason);
    assert.equal(current?.owner, 'claude-code', 'a copy of the login, not an expiring static token');
    await h.claude(
      claudeCredentials({
        access: access('sq-n20b'),
        refresh: refresh('sq-n20b'),
        expiresAt: now + 8 * HOUR,
      }),
    );
    const stale = (JSON.parse((await cli(['status', '--json'])).stdout) as Report).credentials.find(
      (c) => c.id === id,
    );
    assert.equal(stale?.state, 'stale-copy', stale?.reason);
  });
});

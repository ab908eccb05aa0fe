/**
 * Clawdbot 2026.1.24-3 keeps its own `anthropic:claude-cli` copy of Claude Code's login: it
 * re-imports the login when that copy is missing, a token, or within 10 min of expiry. Between
 * Claude Code's refresh and that window the copy holds the older token by design. It is judged as
 * Clawdbot acts: ok while Claude Code's login is healthy, no advice to sync, and `sync` says one
 * consistent thing.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli, statusJson } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
});

const COPY = 'clawdbot:main/anthropic:claude-cli';

async function clawdbotHome(copy: { type: 'oauth' | 'token'; expiresInMs: number }, login?: object) {
  const h = await FixtureHome.create();
  homes.push(h);
  const n = homes.length;
  await h.claude(
    login ??
      claudeCredentials({
        access: access(`cb-new-${n}`),
        refresh: refresh(`cb-new-${n}`),
        expiresAt: Date.now() + 8 * HOUR,
      }),
  );
  await h.config(
    {
      agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: copy.type } } },
    },
    '.clawdbot',
    'clawdbot.json',
  );
  const old = access(`cb-old-${n}`);
  const expires = Date.now() + copy.expiresInMs;
  const file = await h.profiles(
    'main',
    {
      version: 1,
      profiles: {
        'anthropic:claude-cli':
          copy.type === 'oauth'
            ? { type: 'oauth', provider: 'anthropic', access: old, refresh: refresh(`cb-old-${n}`), expires }
            : { type: 'token', provider: 'anthropic', token: old, expires },
      },
    },
    '.clawdbot',
  );
  const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/none' });
  return { h, env, file };
}

describe("Clawdbot's own copy of Claude Code's login", () => {
  for (const [what, copy, when] of [
    [
      'an OAuth copy 7 h 50 m from expiry',
      { type: 'oauth', expiresInMs: 7 * HOUR + 50 * 60_000 },
      /10 min before this copy expires/,
    ],
    ['an OAuth copy 5 min from expiry', { type: 'oauth', expiresInMs: 5 * 60_000 }, /on its next use/],
    ['an OAuth copy past its expiry', { type: 'oauth', expiresInMs: -HOUR }, /on its next use/],
    ['a token copy', { type: 'token', expiresInMs: 6 * HOUR }, /re-reads a token copy every time/],
  ] as const)
    it(`is ok while Claude Code's login is healthy: ${what}`, async () => {
      const { env } = await clawdbotHome(copy);
      const r = await statusJson(env);
      const c = r.credentials.find((x) => x.id === COPY);
      assert.equal(c?.state, 'ok', JSON.stringify(c));
      assert.match(c?.reason ?? '', /Clawdbot re-imports the login/);
      assert.match(c?.reason ?? '', when);
      assert.equal(c?.hint, null, 'no advice to sync');
      assert.ok(!r.findings.some((f) => f.credentials.includes(COPY)), JSON.stringify(r.findings));
      assert.equal(r.exitCode, 0);
    });

  it('`sync` leaves it to Clawdbot and says one thing: everything is in step', async () => {
    const { env, file } = await clawdbotHome({ type: 'oauth', expiresInMs: 7 * HOUR });
    const before = await readFile(file, 'utf8');
    const r = await runCli(['sync'], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /older token/);
    assert.match(r.stdout, /Everything is in step/);
    assert.equal(await readFile(file, 'utf8'), before, 'the copy is Clawdbot’s to write');
  });

  it("is judged on its own once Claude Code's login cannot be imported (blanked after a rejected refresh)", async () => {
    const blanked = claudeCredentials({ access: '', refresh: '', expiresAt: 0 });
    const { env } = await clawdbotHome({ type: 'oauth', expiresInMs: -HOUR }, blanked);
    const out = await runCli(['status', '--json'], env);
    const report = JSON.parse(out.stdout) as Awaited<ReturnType<typeof statusJson>>;
    const r = report.credentials.find((x) => x.id === COPY);
    assert.notEqual(r?.state, 'ok', 'an expired copy of a login nobody can renew is not ok');
    assert.doesNotMatch(r?.reason ?? '', /re-imports/);
  });
});

describe('`sync` output', () => {
  it('does not say "everything is in step" while a copy it does not keep still holds an older token', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({
        access: access('ns-new'),
        refresh: refresh('ns-new'),
        expiresAt: Date.now() + 8 * HOUR,
      }),
    );
    // a copy of an earlier token the keeper remembers, with automatic links off
    const env = h.env({
      CLAWKEEPER_DATA_DIR: h.path('data'),
      CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/none',
    });
    await h.write('.config/clawkeeper/settings.json', { sync: { autoLinks: false } });
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: access('ns-old'),
          expires: Date.now() + HOUR,
        },
      },
    });
    const r = await runCli(['sync'], env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /Everything is in step/);
    assert.match(r.stdout, /Nothing synced: openclaw:main\/anthropic:claude-cli still holds an older token/);
  });
});

/**
 * SQLite-store profiles judged and linked like JSON-store ones: a copy of Claude Code's login that
 * fell behind is `stale-copy`, a copy is linked automatically (written through the openclaw CLI,
 * once per change of the login), and a Console API key is never overwritten without `--replace`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeWritableFiles } from '../../../../main/adapters/node/node-writable-files.ts';
import type { AgentStore, Inventory, OpenClawInstall } from '../../../../main/core/discovery/inventory.ts';
import { judge } from '../../../../main/core/health/health.ts';
import { fingerprintOf, Secret } from '../../../../main/core/kernel/secret.ts';
import { LineageMemory } from '../../../../main/core/keeper/lineage-memory.ts';
import { discoverLinks, heldInSqliteStore } from '../../../../main/core/keeper/links.ts';
import { syncViaOpenClawCli } from '../../../../main/core/keeper/sync-via-cli.ts';
import { DEFAULT_SETTINGS } from '../../../../main/core/settings/settings.ts';
import type { CliPasteTarget, OpenClawCli } from '../../../../main/ports/openclaw.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { access, apiKey, claudeCredentials, HOUR, refresh } from '../../../helpers/fixture-home.ts';

const NOW = Date.UTC(2026, 11, 1, 8);
const ok = <T>(path: string, value: T) => ({ status: 'ok' as const, path, value, stat: null });
const missing = (path: string) => ({ status: 'missing' as const, path });

function agent(
  id: string,
  profiles: Record<string, Record<string, unknown>>,
  origin: 'sqlite' | 'json' = 'sqlite',
): AgentStore {
  const dir = `/s/agents/${id}/agent`;
  return {
    agentId: id,
    dir,
    dirStat: null,
    origin,
    profiles: ok(`${dir}/openclaw-agent.sqlite`, { version: 1, profiles }),
    state: missing(`${dir}/openclaw-agent.sqlite`),
    retiredJson: missing(`${dir}/auth-profiles.json`),
    sqlitePath: `${dir}/openclaw-agent.sqlite`,
    cli: origin === 'json' ? { ok: true, profiles: [], durationMs: 1 } : null,
  };
}

function inventory(
  agents: AgentStore[],
  generation: OpenClawInstall['generation'] = 'sqlite-agent',
): Inventory {
  const login = claudeCredentials({
    access: access('now'),
    refresh: refresh('now'),
    expiresAt: NOW + 7 * HOUR,
  });
  return {
    claude: [
      {
        source: 'file',
        location: '/h/.claude/.credentials.json',
        read: ok('/h/.claude/.credentials.json', login),
        primary: true,
        writable: true,
      },
    ],
    duplicateKeychainItems: [],
    installs: [
      {
        label: 'openclaw',
        stateDir: '/s',
        stateDirStat: null,
        configPath: '/s/openclaw.json',
        config: missing('/s/openclaw.json'),
        generation,
        version: null,
        sharedDbPath: null,
        legacyOauth: missing('/s/credentials/oauth.json'),
        agents,
        readNotes: [],
      },
    ],
    env: [],
    openclawBin: '/usr/bin/openclaw',
    currentUid: null,
  };
}

const token = (t: string, expires: number, extra: object = {}) => ({
  type: 'token',
  provider: 'anthropic',
  token: t,
  expires,
  ...extra,
});
const stateOf = (inv: Inventory, id: string, knownLogin: string[] = []) =>
  judge(inv, { now: NOW, settings: DEFAULT_SETTINGS, knownLogin }).credentials.find((c) => c.id === id);

describe('SQLite copies of the login are judged like JSON copies', () => {
  it("OpenClaw's JSON-era anthropic:claude-cli copy, carried into SQLite, is a stale copy (not an expiring static token)", () => {
    const inv = inventory([agent('main', { 'anthropic:claude-cli': token(access('was'), NOW + 2 * HOUR) })]);
    const c = stateOf(inv, 'openclaw:main/anthropic:claude-cli');
    assert.equal(c?.state, 'stale-copy', c?.reason);
    assert.equal(c?.owner, 'claude-code');
  });

  it('a SQLite profile holding an earlier token of the login (remembered lineage) is stale-copy', () => {
    const inv = inventory([agent('work', { 'anthropic:copy': token(access('earlier'), NOW + 2 * HOUR) })]);
    assert.equal(
      stateOf(inv, 'openclaw:work/anthropic:copy')?.state,
      'expiring',
      'unknown lineage: a static token',
    );
    assert.equal(
      stateOf(inv, 'openclaw:work/anthropic:copy', [fingerprintOf(access('earlier'))])?.state,
      'stale-copy',
    );
  });

  it('the claude-cli route (provider claude-cli, no token) is no copy', () => {
    const inv = inventory([
      agent('main', { 'anthropic:claude-cli': { type: 'oauth', provider: 'claude-cli' } }),
    ]);
    assert.notEqual(stateOf(inv, 'openclaw:main/anthropic:claude-cli')?.state, 'stale-copy');
  });
});

describe('a SQLite store read through the openclaw CLI (no tokens shown)', () => {
  /** an agent whose store only `openclaw models status` could read: profiles without values */
  function viaCli(expiresAt: number): Inventory {
    const a = agent('work', {}, 'json');
    (a as { cli: unknown }).cli = {
      ok: true,
      profiles: [
        { profileId: 'anthropic:copy', provider: 'anthropic', type: 'token', status: 'ok', expiresAt },
      ],
      durationMs: 1,
    };
    return inventory([a]);
  }
  const id = 'openclaw:work/anthropic:copy';
  const paste = (seed: string, expiresAt: number) =>
    new Map([
      ['openclaw-cli:/s#work/anthropic:copy', { fingerprint: fingerprintOf(access(seed)), expiresAt }],
    ]);
  const run = (inv: Inventory, pushed?: ReturnType<typeof paste>, knownLogin: string[] = []) =>
    judge(inv, {
      now: NOW,
      settings: DEFAULT_SETTINGS,
      knownLogin,
      ...(pushed ? { pushed } : {}),
    }).credentials.find((c) => c.id === id);

  it('a copy Clawkeeper pasted there with an earlier token is stale-copy, recognised by the expiry it asked for', () => {
    const at = NOW + 2 * HOUR;
    assert.equal(run(viaCli(at))?.state, 'expiring', 'without the paste record: a static token, as before');
    const c = run(viaCli(at + 40_000), paste('earlier', at));
    assert.equal(c?.state, 'stale-copy', c?.reason);
    assert.equal(c?.owner, 'claude-code');
  });

  it("a copy of the login's current token is ok (its short life is no warning), and another expiry is not ours", () => {
    const at = NOW + 6 * HOUR;
    const current = run(viaCli(at), paste('now', at));
    assert.equal(current?.state, 'ok', current?.reason);
    assert.equal(current?.owner, 'claude-code');
    // the user pasted something else there since: the expiry differs, nothing is assumed
    assert.equal(run(viaCli(at + 2 * HOUR), paste('now', at))?.owner, 'static');
  });
});

describe('automatic links for SQLite stores', () => {
  it('links every SQLite copy of the login through the openclaw CLI, and nothing else', () => {
    const inv = inventory([
      agent('main', {
        'anthropic:claude-cli': token(access('was'), NOW + 2 * HOUR),
        'anthropic:manual': token(access('setup-token'), NOW + 300 * 24 * HOUR),
        'anthropic:route': { type: 'oauth', provider: 'claude-cli' },
      }),
      agent('work', { 'anthropic:copy': token(access('now'), NOW + 7 * HOUR) }),
    ]);
    const report = judge(inv, { now: NOW, settings: DEFAULT_SETTINGS });
    const links = discoverLinks(inv, report);
    assert.deepEqual(
      links.map((l) => l.id),
      ['openclaw-cli:/s#main/anthropic:claude-cli', 'openclaw-cli:/s#work/anthropic:copy'],
    );
    assert.ok(links.every((l) => l.auto && l.target.kind === 'openclaw-cli'));
  });

  it('does not link a SQLite copy when no openclaw CLI could write it', () => {
    const inv = {
      ...inventory([agent('work', { 'anthropic:copy': token(access('now'), NOW + 7 * HOUR) })]),
      openclawBin: null,
    };
    assert.deepEqual(discoverLinks(inv, judge(inv, { now: NOW, settings: DEFAULT_SETTINGS })), []);
  });

  it('does not link a SQLite store read through the CLI (no token was seen)', () => {
    const inv = inventory([agent('main', { 'anthropic:claude-cli': token(access('now'), NOW) }, 'json')]);
    assert.deepEqual(discoverLinks(inv, judge(inv, { now: NOW, settings: DEFAULT_SETTINGS })), []);
  });
});

describe('writing a SQLite target through the openclaw CLI', () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function setup() {
    const dir = await mkdtemp(join(tmpdir(), 'ck-links-'));
    dirs.push(dir);
    const pastes: CliPasteTarget[] = [];
    const openclaw = {
      pasteToken: (t: CliPasteTarget) => {
        pastes.push(t);
        return Promise.resolve({ ok: true as const, durationMs: 1 });
      },
    } as unknown as OpenClawCli;
    const lineage = new LineageMemory(new NodeWritableFiles(), join(dir, 'lineage.json'));
    const run = syncViaOpenClawCli({ openclaw, lineage, clock: new FakeClock(NOW) });
    return { pastes, run };
  }
  const target = {
    kind: 'openclaw-cli' as const,
    stateDir: '/s',
    agent: 'work',
    profileId: 'anthropic:copy',
  };
  const link = { id: 'openclaw-cli:/s#work/anthropic:copy', target, auto: true };
  const login = { access: new Secret(access('now')), refresh: null, expiresAt: NOW + 7 * HOUR };

  it('pastes once per change of the login, never per pass, and not at all when the store holds the current token', async () => {
    const { pastes, run } = await setup();
    const old = { held: token(access('earlier'), NOW), replace: false };
    assert.equal((await run(link, login, old)).changed, true);
    assert.equal((await run(link, login, old)).changed, false, 'the second pass pastes nothing');
    assert.equal(pastes.length, 1);
    assert.equal(pastes[0]?.agentId, 'work');
    assert.equal(pastes[0]?.token.reveal(), access('now'));

    const fresh = await setup();
    const r = await fresh.run(link, login, { held: token(access('now'), NOW + 7 * HOUR), replace: false });
    assert.equal(r.changed, false);
    assert.equal(fresh.pastes.length, 0, 'already a copy of the current token');
  });

  it('refuses to overwrite a Console API key unless --replace', async () => {
    const { pastes, run } = await setup();
    const key = { held: { type: 'api_key', provider: 'anthropic', key: apiKey('k') }, replace: false };
    await assert.rejects(run(link, login, key), /holds a Console API key/);
    assert.equal(pastes.length, 0);
    assert.equal((await run(link, login, { ...key, replace: true })).changed, true);
    assert.equal(pastes.length, 1);
  });

  it('knows what a SQLite target holds only when its store was read directly', () => {
    const direct = inventory([agent('work', { 'anthropic:copy': token(access('x'), NOW) })]);
    assert.equal(heldInSqliteStore(direct, target)?.token, access('x'));
    assert.equal(heldInSqliteStore(inventory([agent('work', {})]), target), null);
    const viaCli = inventory([agent('work', {}, 'json')]);
    const withProfile = viaCli.installs[0]!.agents[0]!;
    (withProfile as { cli: unknown }).cli = {
      ok: true,
      profiles: [
        { profileId: 'anthropic:copy', provider: 'anthropic', type: 'token', status: 'ok', expiresAt: null },
      ],
      durationMs: 1,
    };
    assert.equal(heldInSqliteStore(viaCli, target), undefined, 'unseen: the CLI shows no tokens');
  });
});

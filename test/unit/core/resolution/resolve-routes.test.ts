import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRoutes } from '../../../../main/core/resolution/resolve-routes.ts';
import { rulesFor } from '../../../../main/core/resolution/release-rules.ts';
import { fingerprintOf, Secret } from '../../../../main/core/kernel/secret.ts';
import type { AgentRoute } from '../../../../main/core/resolution/route.ts';
import { agent, DAY, install, inventory, key, MODEL, T, tok } from './inventory-builder.ts';

const only = (routes: AgentRoute[], a = 'main'): AgentRoute => {
  const r = routes.find((x) => x.agent === a);
  assert.ok(r, `no route for ${a}: ${routes.map((x) => x.agent).join(',')}`);
  return r;
};
const ids = (r: AgentRoute) => [r.sends, ...r.fallbacks].map((s) => s?.profileId ?? s?.variable ?? s?.kind);

const token = (seed: string, expires?: number) => ({
  type: 'token',
  provider: 'anthropic',
  token: tok(seed),
  ...(expires !== undefined ? { expires } : {}),
});

describe('the order the gateway tries profiles in', () => {
  it('keeps an explicit order as written and skips an expired token in it, with the reason', () => {
    const inv = inventory([
      install({
        config: { ...MODEL, auth: { order: { anthropic: ['anthropic:old', 'anthropic:b', 'anthropic:a'] } } },
        agents: [
          agent('main', {
            profiles: {
              'anthropic:a': token('a', T + 100 * DAY),
              'anthropic:b': token('b', T + 100 * DAY),
              'anthropic:old': token('old', T - DAY),
            },
          }),
        ],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }));
    assert.deepEqual(ids(r), ['anthropic:b', 'anthropic:a']);
    assert.equal(r.sends?.credential, 'openclaw:main/anthropic:b');
    assert.equal(r.sends?.fingerprint, fingerprintOf(tok('b')));
    assert.deepEqual(r.skipped, [
      {
        credential: 'openclaw:main/anthropic:old',
        profileId: 'anthropic:old',
        why: 'the token has expired (expired)',
      },
    ]);
  });

  it('without an order rotates OAuth before token before API key, least recently used first, cooldowns last', () => {
    const inv = inventory([
      install({
        config: MODEL,
        agents: [
          agent('main', {
            profiles: {
              'anthropic:key': { type: 'api_key', provider: 'anthropic', key: key('k') },
              'anthropic:t1': token('t1'),
              'anthropic:t2': token('t2'),
              'anthropic:login': {
                type: 'oauth',
                provider: 'anthropic',
                access: tok('l'),
                refresh: 'r',
                expires: T + 1,
              },
            },
            usageStats: {
              'anthropic:t1': { lastUsed: T - 1000 },
              'anthropic:t2': { lastUsed: T - 5000 },
              'anthropic:login': { cooldownUntil: T + 60_000, cooldownReason: 'rate_limit' },
            },
          }),
        ],
      }),
    ]);
    assert.deepEqual(ids(only(resolveRoutes(inv, { now: T }))), [
      'anthropic:t2',
      'anthropic:t1',
      'anthropic:key',
      'anthropic:login',
    ]);
  });

  it('the seed bug: config mode token for a stored OAuth login makes it ineligible, so nothing is sent', () => {
    const inv = inventory([
      install({
        config: {
          ...MODEL,
          auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'token' } } },
        },
        agents: [
          agent('main', {
            profiles: {
              'anthropic:default': {
                type: 'oauth',
                provider: 'anthropic',
                access: tok('s'),
                refresh: 'r',
                expires: T + DAY,
              },
            },
          }),
        ],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }));
    assert.equal(r.sends, null);
    assert.match(r.skipped[0]?.why ?? '', /mode "token", the store says type "oauth" \(mode_mismatch\)/);
  });

  it('config auth.profiles limit the candidates: a stored profile it does not list is skipped', () => {
    const inv = inventory([
      install({
        config: {
          ...MODEL,
          auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
        },
        agents: [
          agent('main', { profiles: { 'anthropic:manual': token('m'), 'anthropic:extra': token('x') } }),
        ],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }));
    assert.deepEqual(ids(r), ['anthropic:manual']);
    assert.match(r.skipped.find((s) => s.profileId === 'anthropic:extra')?.why ?? '', /auth\.profiles/);
  });

  it('lastGood never changes the order', () => {
    const store = {
      profiles: { 'anthropic:a': token('a'), 'anthropic:b': token('b') },
      order: { anthropic: ['anthropic:a', 'anthropic:b'] },
      lastGood: { anthropic: 'anthropic:b' },
    };
    const inv = inventory([install({ config: MODEL, agents: [agent('main', store)] })]);
    assert.equal(only(resolveRoutes(inv, { now: T })).sends?.profileId, 'anthropic:a');
  });

  it('a token with expires null never expires on Clawdbot, and is refused from 2026.3 on', () => {
    const store = {
      profiles: { 'anthropic:t': { type: 'token', provider: 'anthropic', token: tok('n'), expires: null } },
    };
    const at = (version: string, generation: 'json' | 'json-cli-sync') =>
      only(
        resolveRoutes(
          inventory([install({ version, generation, config: MODEL, agents: [agent('main', store)] })]),
          { now: T },
        ),
      );
    assert.equal(at('2026.1.24-3', 'json-cli-sync').sends?.profileId, 'anthropic:t');
    assert.equal(at('2026.3.13', 'json').sends, null);
    assert.match(at('2026.6.1', 'json').skipped[0]?.why ?? '', /invalid_expires/);
  });

  it('a stored entry with `mode` instead of `type` is read from 2026.3 on and dropped by Clawdbot', () => {
    const store = { profiles: { 'anthropic:m': { mode: 'token', provider: 'anthropic', token: tok('m') } } };
    const at = (version: string, generation: 'json' | 'json-cli-sync') =>
      only(
        resolveRoutes(
          inventory([install({ version, generation, config: MODEL, agents: [agent('main', store)] })]),
          { now: T },
        ),
      );
    assert.equal(at('2026.3.13', 'json').sends?.profileId, 'anthropic:m');
    const c = at('2026.1.24-3', 'json-cli-sync');
    assert.equal(c.sends, null);
    assert.match(c.skipped[0]?.why ?? '', /drops it while loading the store \(no type\)/);
  });

  it('every id of a stored order missing: 2026.6+ falls back to the stored profiles, Clawdbot sends nothing', () => {
    const store = { profiles: { 'anthropic:real': token('r') }, order: { anthropic: ['anthropic:gone'] } };
    const at = (version: string, generation: 'json' | 'json-cli-sync') =>
      only(
        resolveRoutes(
          inventory([install({ version, generation, config: MODEL, agents: [agent('main', store)] })]),
          { now: T },
        ),
      );
    assert.equal(at('2026.6.1', 'json').sends?.profileId, 'anthropic:real');
    assert.equal(at('2026.1.24-3', 'json-cli-sync').sends, null);
  });

  it('2026.8+ rotates an expired OAuth login after a live one; 2026.6 does not', () => {
    const store = {
      profiles: {
        'anthropic:dead': {
          type: 'oauth',
          provider: 'anthropic',
          access: tok('d'),
          refresh: 'r',
          expires: T - 1,
        },
        'anthropic:live': {
          type: 'oauth',
          provider: 'anthropic',
          access: tok('l'),
          refresh: 'r',
          expires: T + DAY,
        },
      },
      usageStats: { 'anthropic:live': { lastUsed: T - 10 } },
    };
    const at = (version: string, generation: 'json' | 'sqlite-shared') =>
      only(
        resolveRoutes(
          inventory([install({ version, generation, config: MODEL, agents: [agent('main', store)] })]),
          { now: T },
        ),
      );
    assert.equal(at('2026.9.6', 'sqlite-shared').sends?.profileId, 'anthropic:live');
    assert.equal(at('2026.6.1', 'json').sends?.profileId, 'anthropic:dead');
  });

  it('`model@profile` pins a profile first (2026.3+)', () => {
    const cfg = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5@anthropic:b' } } } };
    const inv = inventory([
      install({
        config: cfg,
        agents: [agent('main', { profiles: { 'anthropic:a': token('a'), 'anthropic:b': token('b') } })],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }));
    assert.equal(r.sends?.profileId, 'anthropic:b');
    assert.equal(r.model, 'anthropic/claude-sonnet-4-5');
  });
});

describe("an agent's store: its own over the main agent's", () => {
  it('an agent without a store sends the main agent credentials (inheritance), named by their main id', () => {
    const inv = inventory([
      install({
        config: { ...MODEL, agents: { ...MODEL.agents, list: [{ id: 'main' }, { id: 'work' }] } },
        agents: [agent('main', { profiles: { 'anthropic:manual': token('m') } })],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }), 'work');
    assert.equal(r.sends?.credential, 'openclaw:main/anthropic:manual');
  });

  it("an agent's own profile of the same id wins over main's", () => {
    const inv = inventory([
      install({
        config: { ...MODEL, agents: { ...MODEL.agents, list: [{ id: 'work' }] } },
        agents: [
          agent('main', { profiles: { 'anthropic:manual': token('m') } }),
          agent('work', { profiles: { 'anthropic:manual': token('w') } }),
        ],
      }),
    ]);
    const r = only(resolveRoutes(inv, { now: T }), 'work');
    assert.equal(r.sends?.credential, 'openclaw:work/anthropic:manual');
    assert.equal(r.sends?.fingerprint, fingerprintOf(tok('w')));
  });

  const drift = (version: string) =>
    inventory([
      install({
        version,
        config: {
          ...MODEL,
          agents: { ...MODEL.agents, list: [{ id: 'main' }, { id: 'family' }] },
          auth: {
            profiles: {
              'anthropic:default': { provider: 'anthropic', mode: 'token' },
              'anthropic:max': { provider: 'anthropic', mode: 'oauth' },
            },
          },
        },
        agents: [
          agent('main', {
            profiles: {
              'anthropic:default': token('main-default', T + 20 * 3_600_000),
              'anthropic:max': {
                type: 'oauth',
                provider: 'anthropic',
                access: tok('max'),
                refresh: tok('max-r'),
                expires: T + 8 * 3_600_000,
              },
            },
          }),
          agent('family', {
            profiles: {
              'anthropic:default': {
                type: 'oauth',
                provider: 'anthropic',
                access: tok('fam'),
                refresh: tok('fam-r'),
                expires: T - 3_600_000,
              },
            },
          }),
        ],
      }),
    ]);

  it("from 2026.6 an agent's expired default login gives way to the main store's newer one (seen by the differential run)", () => {
    const r = only(resolveRoutes(drift('2026.6.1'), { now: T }), 'family');
    // OpenClaw 2026.6.1 `models status --agent family`: effectiveProfiles [anthropic:max, anthropic:default (main's token)]
    assert.deepEqual(ids(r), ['anthropic:max', 'anthropic:default']);
    assert.equal(r.fallbacks[0]?.credential, 'openclaw:main/anthropic:default');
    assert.ok(
      r.skipped.some(
        (k) => k.credential === 'openclaw:family/anthropic:default' && /newer anthropic:max/.test(k.why),
      ),
    );
  });

  it('before 2026.6 the agent keeps its own default login (and its config mode rules it out)', () => {
    const r = only(resolveRoutes(drift('2026.3.13'), { now: T }), 'family');
    assert.ok(!ids(r).includes('anthropic:default'), ids(r).join(','));
    assert.equal(r.sends?.profileId, 'anthropic:max');
  });

  it('only agents.list (or main alone) has routes: an agent folder nobody configured is never used', () => {
    const inv = inventory([
      install({
        config: MODEL,
        agents: [agent('main', { profiles: {} }), agent('old', { profiles: { 'anthropic:x': token('x') } })],
      }),
    ]);
    assert.deepEqual(
      resolveRoutes(inv, { now: T }).map((r) => r.agent),
      ['main'],
    );
  });
});

describe('the environment, after the profiles', () => {
  it('ANTHROPIC_OAUTH_TOKEN beats ANTHROPIC_API_KEY, and the process environment beats <state>/.env', () => {
    const envFile = {
      path: '/h/.openclaw/.env',
      kind: 'state-env' as const,
      stat: null,
      vars: [{ name: 'ANTHROPIC_OAUTH_TOKEN', value: new Secret(tok('file')) }],
    };
    const inv = inventory(
      [install({ config: MODEL, agents: [agent('main', { profiles: {} })], envFiles: [envFile] })],
      { ANTHROPIC_API_KEY: key('k'), ANTHROPIC_OAUTH_TOKEN: tok('proc') },
    );
    const r = only(resolveRoutes(inv, { now: T }));
    assert.deepEqual(r.sends, {
      kind: 'env',
      profileId: null,
      variable: 'ANTHROPIC_OAUTH_TOKEN',
      credential: 'env:ANTHROPIC_OAUTH_TOKEN',
      fingerprint: fingerprintOf(tok('proc')),
    });
    assert.equal(r.fallbacks.length, 0);
    const why: Record<string, string> = Object.fromEntries(r.skipped.map((s) => [s.credential ?? '', s.why]));
    assert.match(
      why['env-file:/h/.openclaw/.env#ANTHROPIC_OAUTH_TOKEN'] ?? '',
      /already set by the environment/,
    );
    assert.match(why['env:ANTHROPIC_API_KEY'] ?? '', /ANTHROPIC_OAUTH_TOKEN is set too/);
  });

  it('a usable profile goes before any variable; CLAUDE_CODE_OAUTH_TOKEN is never read', () => {
    const inv = inventory(
      [install({ config: MODEL, agents: [agent('main', { profiles: { 'anthropic:m': token('m') } })] })],
      {
        ANTHROPIC_API_KEY: key('k'),
        CLAUDE_CODE_OAUTH_TOKEN: tok('cc'),
      },
    );
    const r = only(resolveRoutes(inv, { now: T }));
    assert.deepEqual(ids(r), ['anthropic:m', 'ANTHROPIC_API_KEY']);
    assert.match(
      r.skipped.find((s) => s.credential === 'env:CLAUDE_CODE_OAUTH_TOKEN')?.why ?? '',
      /never reads/,
    );
  });

  it('~/.config/openclaw/gateway.env counts from 2026.6 on, and the config env block last', () => {
    const gw = {
      path: '/h/.config/openclaw/gateway.env',
      kind: 'gateway-env' as const,
      stat: null,
      vars: [{ name: 'ANTHROPIC_API_KEY', value: new Secret(key('gw')) }],
    };
    const at = (version: string) =>
      only(
        resolveRoutes(
          inventory([
            install({
              version,
              config: MODEL,
              agents: [agent('main', { profiles: {} })],
              envFiles: [gw],
              configEnv: [{ name: 'ANTHROPIC_API_KEY', value: new Secret(key('cfg')) }],
            }),
          ]),
          { now: T },
        ),
      );
    assert.equal(
      at('2026.6.1').sends?.credential,
      'env-file:/h/.config/openclaw/gateway.env#ANTHROPIC_API_KEY',
    );
    assert.equal(
      at('2026.3.13').sends?.credential,
      'env-config:/h/.openclaw/openclaw.json#ANTHROPIC_API_KEY',
    );
  });
});

describe("the agent's model decides whether Claude credentials are used at all", () => {
  const store = { profiles: { 'anthropic:m': token('m') } };
  it('no model configured: 2026.6.1+ uses OpenAI by default, 2026.3 Anthropic, an unknown JSON release is assumed Anthropic', () => {
    const at = (version: string | null) =>
      only(
        resolveRoutes(inventory([install({ version, config: {}, agents: [agent('main', store)] })]), {
          now: T,
        }),
      );
    assert.deepEqual(
      [at('2026.6.1').provider, at('2026.6.1').claude, at('2026.6.1').model],
      ['openai', false, 'openai/gpt-5.5'],
    );
    assert.equal(at('2026.3.13').model, 'anthropic/claude-opus-4-6');
    assert.deepEqual(
      [at(null).provider, at(null).claude, at(null).sends?.profileId],
      [null, true, 'anthropic:m'],
    );
  });

  it('a bare model name is OpenAI on 2026.6.1 (checked against the release) and Anthropic on Clawdbot', () => {
    const cfg = { agents: { defaults: { model: 'claude-sonnet-4-5' } } };
    const at = (version: string, generation: 'json' | 'json-cli-sync') =>
      only(
        resolveRoutes(
          inventory([install({ version, generation, config: cfg, agents: [agent('main', store)] })]),
          { now: T },
        ),
      );
    assert.equal(at('2026.6.1', 'json').model, 'openai/claude-sonnet-4-5');
    assert.equal(at('2026.1.24-3', 'json-cli-sync').model, 'anthropic/claude-sonnet-4-5');
  });

  it("an agent's own model wins over the defaults, and an alias names its provider", () => {
    const cfg = {
      agents: {
        defaults: {
          model: { primary: 'openai/gpt-5.5' },
          models: { 'anthropic/claude-opus-4-6': { alias: 'opus' } },
        },
        list: [{ id: 'main' }, { id: 'writer', model: 'opus' }],
      },
    };
    const routes = resolveRoutes(inventory([install({ config: cfg, agents: [agent('main', store)] })]), {
      now: T,
    });
    assert.equal(only(routes).claude, false);
    assert.equal(only(routes, 'writer').model, 'anthropic/claude-opus-4-6');
    assert.equal(only(routes, 'writer').sends?.profileId, 'anthropic:m');
  });

  it("the claude-cli route runs Claude Code's own login", () => {
    const cfg = { agents: { defaults: { model: { primary: 'claude-cli/claude-sonnet-4-6' } } } };
    const inv = inventory([install({ config: cfg, agents: [agent('main', store)] })], {}, tok('login'));
    const r = only(resolveRoutes(inv, { now: T }));
    assert.deepEqual(r.sends, {
      kind: 'cli',
      profileId: null,
      variable: null,
      credential: 'claude-code',
      fingerprint: fingerprintOf(tok('login')),
    });
    assert.equal(r.subscription, 'first');
  });
});

describe("where Claude Code's login stands", () => {
  it('Clawdbot imports the login into anthropic:claude-cli of every store it loads', () => {
    const inv = inventory(
      [
        install({
          version: '2026.1.24-3',
          generation: 'json-cli-sync',
          config: MODEL,
          agents: [agent('main', { profiles: {} })],
        }),
      ],
      {},
      tok('login'),
    );
    const r = only(resolveRoutes(inv, { now: T }));
    assert.equal(r.sends?.profileId, 'anthropic:claude-cli');
    assert.equal(r.sends?.credential, 'claude-code');
    assert.equal(r.subscription, 'first');
  });

  it('a copy of the login behind a setup-token is a fallback; absent when there is no login', () => {
    const store = {
      profiles: { 'anthropic:setup': token('s'), 'anthropic:copy': token('login') },
      order: { anthropic: ['anthropic:setup', 'anthropic:copy'] },
    };
    const routes = (login?: string) =>
      resolveRoutes(inventory([install({ config: MODEL, agents: [agent('main', store)] })], {}, login), {
        now: T,
        isLogin: (id) => id === 'claude-code' || id === 'openclaw:main/anthropic:copy',
      });
    assert.equal(only(routes(tok('login'))).subscription, 'fallback');
    assert.equal(only(routes()).subscription, 'fallback');
    const none = resolveRoutes(
      inventory([
        install({ config: MODEL, agents: [agent('main', { profiles: { 'anthropic:s': token('s') } })] }),
      ]),
      { now: T },
    );
    assert.equal(only(none).subscription, 'absent');
  });

  it('a leftover Clawdbot folder has no routes', () => {
    const inv = inventory([
      install({
        label: 'clawdbot',
        leftover: 'a leftover',
        config: MODEL,
        agents: [agent('main', { profiles: {} })],
      }),
    ]);
    assert.deepEqual(resolveRoutes(inv, { now: T }), []);
  });
});

describe("the agents the gateway runs, from the config's roster", () => {
  const store = { profiles: { 'anthropic:m': token('m') } };
  it('2026.8+ keeps them in agents.entries (its own form), and refuses several without ownership', () => {
    const cfg = (agents: object) => ({ agents: { defaults: MODEL.agents.defaults, ...agents } });
    const at = (agents: object) =>
      resolveRoutes(
        inventory([
          install({
            version: '2026.9.6',
            generation: 'sqlite-shared',
            config: cfg(agents),
            agents: [agent('main', store)],
          }),
        ]),
        { now: T },
      );
    const ok = at({
      ownership: 'explicit',
      entries: { main: {}, writer: { model: 'anthropic/claude-opus-4-6' } },
    });
    assert.deepEqual(
      ok.map((r) => [r.agent, r.model, r.sends?.profileId]),
      [
        ['main', 'anthropic/claude-sonnet-4-5', 'anthropic:m'],
        ['writer', 'anthropic/claude-opus-4-6', 'anthropic:m'],
      ],
    );
    const refused = at({ entries: { main: {}, writer: {} } });
    assert.ok(refused.every((r) => r.sends === null));
    assert.match(refused[0]?.skipped[0]?.why ?? '', /agents\.ownership="explicit" or one default=true/);
    assert.equal(
      at({ entries: { main: { default: true }, writer: {} } })[0]?.sends?.profileId,
      'anthropic:m',
    );
  });

  it('before 2026.8 the same roster (agents.list) needs no ownership', () => {
    const cfg = { agents: { defaults: MODEL.agents.defaults, list: [{ id: 'main' }, { id: 'writer' }] } };
    const routes = resolveRoutes(inventory([install({ config: cfg, agents: [agent('main', store)] })]), {
      now: T,
    });
    assert.deepEqual(
      routes.map((r) => r.sends?.profileId),
      ['anthropic:m', 'anthropic:m'],
    );
  });
});

describe('the release table', () => {
  it('an unknown version takes its generation oldest release, except the JSON default model', () => {
    assert.equal(rulesFor(null, 'sqlite-shared').defaultModel?.provider, 'openai');
    assert.equal(rulesFor(null, 'json-cli-sync').claudeLogin, 'imported-anthropic-profile');
    assert.equal(rulesFor(null, 'json').defaultModel, null);
    assert.equal(rulesFor('2026.7.35', 'sqlite-agent').claudeLogin, 'overlay-claude-cli-profile');
    assert.equal(rulesFor('2026.9.6', 'sqlite-shared').defaultModel?.model, 'gpt-6-astra');
  });
});

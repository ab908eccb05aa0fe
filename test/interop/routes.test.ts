/**
 * The resolution model against the real releases, one rule per case: the home is laid out in the
 * release's own format (JSON releases: the files as they write them; 2026.9.6: its database,
 * created by its own `models auth paste-token` once, then copied and given each case's rows),
 * and Clawkeeper's `routes[]` must say what the release's `models status --json` says:
 * the model's provider (`resolvedDefault`), the profiles in the order it uses them
 * (`effectiveProfiles`, 2026.6.1+), the environment when no profile is usable, nothing at all
 * (`missingProvidersInUse`). 2026.9.6 cases run with the direct SQLite reader and, for the
 * path a Node without node:sqlite takes, through the openclaw CLI (`CLAWKEEPER_SQLITE_READER=cli`).
 */
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { AgentRoute, StatusReport } from '../../main/core/health/report.ts';
import { access, apiKey, DAY, FixtureHome } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { readConfig, readStores, writeConfig, writeStores } from './matrix-store.ts';
import { programs, releasePath, RELEASES, run, type Release } from './programs.ts';

const p = programs();
const now = Date.now();
const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

type Profiles = Record<string, Record<string, unknown>>;
interface Case {
  name: string;
  /** the config, or a function of the release (2026.8+ keeps agents in `agents.entries`) */
  config: Record<string, unknown> | ((r: Release) => Record<string, unknown>);
  profiles: Profiles;
  order?: Record<string, string[]>;
  usageStats?: Record<string, unknown>;
  env?: Record<string, string>;
  agent?: string;
  /** where that release's `models status` cannot show what its gateway does (FINDINGS.md) */
  blind?: (r: Release) => string | null;
}

const tok = (seed: string, expires?: number) => ({
  type: 'token',
  provider: 'anthropic',
  token: access(seed),
  ...(expires !== undefined ? { expires } : {}),
});

const CASES: Case[] = [
  {
    name: 'an expired token first in auth.order is skipped; the valid one after it is sent',
    config: { ...MODEL, auth: { order: { anthropic: ['anthropic:old', 'anthropic:new'] } } },
    profiles: { 'anthropic:old': tok('r-old', now - DAY), 'anthropic:new': tok('r-new', now + 200 * DAY) },
  },
  {
    name: 'openclaw.json auth.profiles limits the candidates to the ones it lists',
    config: {
      ...MODEL,
      auth: { profiles: { 'anthropic:listed': { provider: 'anthropic', mode: 'token' } } },
    },
    profiles: {
      'anthropic:listed': tok('r-l', now + 99 * DAY),
      'anthropic:extra': tok('r-x', now + 99 * DAY),
    },
  },
  {
    name: 'the seed bug: mode token for a stored OAuth login leaves nothing to send',
    config: {
      ...MODEL,
      auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'token' } } },
    },
    blind: (r) =>
      r.version === '2026.3.13'
        ? 'its models status does not apply the mode rule its runtime order applies (resolveAuthProfileEligibility)'
        : null,
    profiles: {
      'anthropic:default': {
        type: 'oauth',
        provider: 'anthropic',
        access: access('r-seed'),
        refresh: 'sk-ant-ort01-' + 'R'.repeat(90),
        expires: now + 20 * DAY,
      },
    },
  },
  {
    name: 'without an order: token before API key, a profile in a cooldown last',
    config: MODEL,
    profiles: {
      'anthropic:key': { type: 'api_key', provider: 'anthropic', key: apiKey('r-k') },
      'anthropic:a': tok('r-a', now + 99 * DAY),
      'anthropic:b': tok('r-b', now + 99 * DAY),
    },
    usageStats: {
      'anthropic:a': { cooldownUntil: now + 3_600_000, cooldownReason: 'rate_limit', errorCount: 1 },
    },
  },
  {
    name: 'an agent without a store of its own sends the main agent profile',
    config: (r) => ({
      ...MODEL,
      agents: {
        ...MODEL.agents,
        ...(r.generation === 'sqlite-shared'
          ? { ownership: 'explicit', entries: { main: {}, work: {} } }
          : { list: [{ id: 'main' }, { id: 'work' }] }),
      },
    }),
    profiles: { 'anthropic:manual': tok('r-inh', now + 99 * DAY) },
    agent: 'work',
  },
  {
    name: 'no model configured: the release default model decides whether Claude is used',
    config: {},
    profiles: { 'anthropic:manual': tok('r-def', now + 99 * DAY) },
  },
  {
    name: 'no usable profile: ANTHROPIC_OAUTH_TOKEN from the environment is sent',
    config: MODEL,
    profiles: { 'anthropic:old': tok('r-env-old', now - DAY) },
    env: { ANTHROPIC_OAUTH_TOKEN: access('r-env') },
  },
];

interface OcDoc {
  resolvedDefault?: string;
  auth: {
    missingProvidersInUse?: string[];
    providers?: Array<{ provider: string; env?: { source: string } }>;
    oauth: {
      providers?: Array<{
        provider: string;
        effectiveProfiles?: Array<{ profileId: string; status: string }>;
      }>;
    };
  };
}

/** The releases compared: JSON ones laid out by hand, 2026.9.6 from its own database. */
const TARGETS = RELEASES.filter((r) => ['2026.3.13', '2026.6.1', '2026.9.6'].includes(r.version));

function providerOf(ref: string | undefined): string | null {
  return ref?.includes('/') ? ref.slice(0, ref.indexOf('/')) : null;
}

/**
 * `effectiveProfiles` is the release's own order while any profile is usable; with none usable it
 * lists them all anyway (`resolveProviderStatusProfiles` falls back to every profile), and then
 * only `missingProvidersInUse` and the environment say what the gateway does.
 */
function compare(c: Case, r: Release, theirs: OcDoc, route: AgentRoute | undefined): void {
  assert.ok(route, 'Clawkeeper has a route for the agent');
  const provider = providerOf(theirs.resolvedDefault);
  assert.equal(route.provider, provider, `model: ours ${route.model}, theirs ${theirs.resolvedDefault}`);
  if (!route.claude || c.blind?.(r)) return;
  const missing = (theirs.auth.missingProvidersInUse ?? []).includes('anthropic');
  assert.equal(route.sends === null, missing, `nothing to send (theirs missing: ${missing})`);
  const effective = theirs.auth.oauth.providers?.find((x) => x.provider === 'anthropic')?.effectiveProfiles;
  const ours = [route.sends, ...route.fallbacks]
    .filter((s) => s?.kind === 'profile')
    .map((s) => s?.profileId);
  if (effective && ours.length > 0)
    assert.deepEqual(
      ours,
      effective.map((e) => e.profileId),
      `${r.version}: ${c.name}`,
    );
  // nothing sent at all: missingProvidersInUse said so (effectiveProfiles then lists every
  // profile, a mode-mismatched one with status ok); env sent: every listed one is unusable
  if (effective && ours.length === 0 && !missing)
    assert.ok(
      effective.every((e) => e.status === 'expired' || e.status === 'missing'),
      `theirs lists a usable profile: ${JSON.stringify(effective)}`,
    );
  if (route.sends?.kind === 'env')
    assert.match(
      theirs.auth.providers?.find((x) => x.provider === 'anthropic')?.env?.source ?? '',
      new RegExp(route.sends.variable ?? '?'),
    );
}

describe('routes agree with the real releases, rule by rule', { concurrency: 3 }, () => {
  const templates = new Map<string, FixtureHome>();
  before(async () => {
    // 2026.9.6 makes its own database once (paste-token); each case copies it
    const r = TARGETS.find((x) => x.generation === 'sqlite-shared');
    if (!r) return;
    const h = await FixtureHome.create();
    homes.push(h);
    await h.write(`${r.state}/${r.config}`, MODEL);
    const env = h.env({ PATH: releasePath(p, r), [r.stateEnv]: h.path(r.state) });
    const paste = await run(
      p.releases[r.version]!,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:seed'],
      env,
      `${access('r-template')}\n`,
    );
    assert.equal(paste.code, 0, paste.stderr.slice(-400));
    templates.set(r.version, h);
  });

  for (const r of TARGETS)
    for (const c of CASES)
      it(`${r.version}: ${c.name}`, async () => {
        const h = await FixtureHome.create();
        homes.push(h);
        const template = templates.get(r.version);
        const config = typeof c.config === 'function' ? c.config(r) : c.config;
        if (template) {
          await cp(template.path(r.state), h.path(r.state), { recursive: true });
          const kept = await readConfig(h, r);
          await writeConfig(h, r, { ...config, meta: kept['meta'] });
        } else
          await h.write(`${r.state}/${r.config}`, { ...config, meta: { lastTouchedVersion: r.version } });
        // exactly the case's rows: the template's own order and stats are replaced too
        const state = {
          version: 1,
          ...(c.usageStats ? { usageStats: c.usageStats } : {}),
          ...(c.order ? { order: c.order } : {}),
        };
        await writeStores(h, r, { store: { version: 1, profiles: c.profiles }, state });
        const env = h.env({
          PATH: releasePath(p, r),
          [r.stateEnv]: h.path(r.state),
          CLAWKEEPER_DATA_DIR: h.path('ck'),
          ...c.env,
        });
        const agent = c.agent ?? 'main';
        const oc = await run(p.releases[r.version]!, ['models', 'status', '--json', '--agent', agent], env);
        const theirs = JSON.parse(oc.stdout.slice(oc.stdout.indexOf('{'))) as OcDoc;
        const readers = r.generation.startsWith('sqlite') ? ['direct', 'cli'] : ['direct'];
        for (const reader of readers) {
          const ck = await spawnCli(
            ['status', '--json'],
            reader === 'cli' ? { ...env, CLAWKEEPER_SQLITE_READER: 'cli' } : env,
          );
          const report = JSON.parse(ck.stdout) as StatusReport;
          compare(
            c,
            r,
            theirs,
            report.routes.find((x) => x.agent === agent),
          );
        }
      });
});

describe('an expired setup-token read through the openclaw CLI (2026.9.6)', () => {
  it('is expired with --check 1, as the release says, not a static token', async () => {
    const r = TARGETS.find((x) => x.version === '2026.9.6')!;
    const h = await FixtureHome.create();
    homes.push(h);
    await h.write(`${r.state}/${r.config}`, MODEL);
    const env = h.env({
      PATH: releasePath(p, r),
      [r.stateEnv]: h.path(r.state),
      CLAWKEEPER_DATA_DIR: h.path('ck'),
    });
    const bin = p.releases[r.version]!;
    const paste = await run(
      bin,
      [
        'models',
        'auth',
        'paste-token',
        '--provider',
        'anthropic',
        '--profile-id',
        'anthropic:manual',
        '--expires-in',
        '30d',
      ],
      env,
      `${access('r-expired')}\n`,
    );
    assert.equal(paste.code, 0, paste.stderr.slice(-400));
    const s = await readStores(h, r);
    s.store.profiles['anthropic:manual'] = { ...s.store.profiles['anthropic:manual'], expires: now - DAY };
    await writeStores(h, r, s);
    const theirs = await run(bin, ['models', 'status', '--check'], env);
    const ours = await spawnCli(['status', '--json', '--check'], { ...env, CLAWKEEPER_SQLITE_READER: 'cli' });
    const report = JSON.parse(ours.stdout) as StatusReport;
    const c = report.credentials.find((x) => x.id === 'openclaw:main/anthropic:manual');
    assert.equal(report.installs[0]?.readVia, 'openclaw-cli');
    assert.equal(c?.state, 'expired', c?.reason);
    assert.equal(theirs.code, 1);
    assert.equal(ours.code, theirs.code);
  });
});

describe('a config the release refuses (2026.9.6: several agents, no ownership)', () => {
  it('is a route that sends nothing, for the reason the release gives', async () => {
    const r = TARGETS.find((x) => x.version === '2026.9.6')!;
    const h = await FixtureHome.create();
    homes.push(h);
    await h.write(`${r.state}/${r.config}`, {
      ...MODEL,
      agents: { ...MODEL.agents, entries: { main: {}, work: {} } },
      meta: { lastTouchedVersion: r.version },
    });
    const env = h.env({
      PATH: releasePath(p, r),
      [r.stateEnv]: h.path(r.state),
      CLAWKEEPER_DATA_DIR: h.path('ck'),
    });
    const theirs = await run(p.releases[r.version]!, ['models', 'status', '--json'], env);
    assert.notEqual(theirs.code, 0);
    assert.match(theirs.stdout + theirs.stderr, /ownership/);
    const report = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as StatusReport;
    const route = report.routes.find((x) => x.agent === 'main');
    assert.equal(route?.sends, null);
    assert.match(route?.skipped[0]?.why ?? '', /agents\.ownership="explicit"/);
    assert.equal(report.exitCode, 1);
  });
});

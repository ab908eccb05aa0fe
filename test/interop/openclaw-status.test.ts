import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { access, apiKey, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { openclawPath, programs, run, type Programs } from './programs.ts';

interface OcProfile {
  profileId: string;
  type: string;
  status: string;
}
interface OcStatus {
  auth: { oauth: { profiles: OcProfile[] }; missingProvidersInUse: string[] };
}

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const now = Date.now();

/**
 * One state dir per case, judged by both programs. Clawkeeper's static-token window is set to
 * OpenClaw's 24 h so the two verdicts can be compared one to one. `expected` is Clawkeeper's
 * verdict; `openclaw` what OpenClaw 2026.6.1 says of the same profile.
 */
const CASES: Array<{
  name: string;
  profile: Record<string, unknown>;
  mode?: string;
  expected: string;
  openclaw: string;
  note?: string;
}> = [
  {
    name: 'setup-token valid 300 days',
    profile: { type: 'token', provider: 'anthropic', token: access('i-c'), expires: now + 300 * DAY },
    expected: 'ok',
    openclaw: 'ok',
  },
  {
    name: 'setup-token valid 2 days',
    profile: { type: 'token', provider: 'anthropic', token: access('i-d'), expires: now + 2 * DAY },
    expected: 'ok',
    openclaw: 'ok',
  },
  {
    name: 'setup-token expiring in 12 h',
    profile: { type: 'token', provider: 'anthropic', token: access('i-x'), expires: now + 12 * HOUR },
    expected: 'expiring',
    openclaw: 'expiring',
  },
  {
    name: 'setup-token expired',
    profile: { type: 'token', provider: 'anthropic', token: access('i-e'), expires: now - DAY },
    expected: 'expired',
    openclaw: 'expired',
  },
  {
    name: 'setup-token without expiry',
    profile: { type: 'token', provider: 'anthropic', token: access('i-f') },
    expected: 'ok',
    openclaw: 'static',
  },
  {
    name: 'API key',
    profile: { type: 'api_key', provider: 'anthropic', key: apiKey('i-h') },
    mode: 'api_key',
    expected: 'ok',
    openclaw: 'static',
  },
  {
    name: 'OAuth login 8 h with refresh token',
    profile: {
      type: 'oauth',
      provider: 'anthropic',
      access: access('i-a'),
      refresh: refresh('i-a'),
      expires: now + 8 * HOUR,
    },
    mode: 'oauth',
    expected: 'ok',
    openclaw: 'expiring',
    note: 'deliberate difference: OpenClaw warns 24 h before any expiry; Clawkeeper does not call a login its owner renews "expiring"',
  },
];

let p: Programs;
const homes: FixtureHome[] = [];
before(() => {
  p = programs();
});
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function state(profile: Record<string, unknown>, mode: string | undefined, id = 'anthropic:default') {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.config({
    ...MODEL,
    auth: { profiles: { [id]: { provider: 'anthropic', mode: mode ?? (profile.type as string) } } },
  });
  await h.profiles('main', { version: 1, profiles: { [id]: profile } });
  await h.write('.config/clawkeeper/settings.json', { health: { staticWarnDays: 1 } });
  return h;
}

async function both(h: FixtureHome, version: '2026.6.1' | '2026.9.6') {
  const env = h.env({ PATH: openclawPath(p, version), OPENCLAW_STATE_DIR: h.path('.openclaw') });
  const [oc, ck] = await Promise.all([
    run(p.openclaw[version], ['models', 'status', '--json'], env),
    spawnCli(['status', '--json'], env),
  ]);
  assert.equal(ck.code, 0, ck.stderr);
  return { oc, ck: JSON.parse(ck.stdout) as StatusReport, env };
}

describe('clawkeeper status agrees with the real OpenClaw 2026.6.1 (JSON store)', () => {
  for (const c of CASES) {
    it(`${c.name}: OpenClaw says ${c.openclaw}, Clawkeeper says ${c.expected}`, async () => {
      const h = await state(c.profile, c.mode);
      const { oc, ck } = await both(h, '2026.6.1');
      assert.equal(oc.code, 0, oc.stderr);
      const ocDoc = JSON.parse(oc.stdout) as OcStatus;
      const ocProfile = ocDoc.auth.oauth.profiles.find((x) => x.profileId === 'anthropic:default');
      assert.equal(ocProfile?.status, c.openclaw, 'OpenClaw changed its verdict: re-check the mapping');
      const mine = ck.credentials.find((x) => x.id === 'openclaw:main/anthropic:default');
      assert.equal(mine?.state, c.expected);
      assert.equal(mine?.kind, ocProfile?.type);
      assert.equal(ck.installs[0]?.generation, 'json');
      assert.equal(ck.installs[0]?.version, '2026.6.1');
    });
  }

  it('both refuse the seed bug (config mode token, stored oauth): --check exits 1 in both', async () => {
    const h = await state(
      {
        type: 'oauth',
        provider: 'anthropic',
        access: access('seed'),
        refresh: refresh('seed'),
        expires: now + 8 * HOUR,
      },
      'token',
    );
    const { oc, ck, env } = await both(h, '2026.6.1');
    const ocDoc = JSON.parse(oc.stdout) as OcStatus;
    assert.ok(
      ocDoc.auth.missingProvidersInUse.includes('anthropic'),
      'OpenClaw considers anthropic unusable',
    );
    assert.equal(
      ck.credentials.find((x) => x.id === 'openclaw:main/anthropic:default')?.state,
      'misconfigured',
    );
    const [ocCheck, ckCheck] = await Promise.all([
      run(p.openclaw['2026.6.1'], ['models', 'status', '--check'], env),
      spawnCli(['status', '--check'], env),
    ]);
    assert.equal(ocCheck.code, 1);
    assert.equal(ckCheck.code, 1);
  });

  it('--check exit codes match for an expired and a valid setup-token', async () => {
    for (const [profile, code] of [
      [{ type: 'token', provider: 'anthropic', token: access('ck1'), expires: now - DAY }, 1],
      [{ type: 'token', provider: 'anthropic', token: access('ck2'), expires: now + 100 * DAY }, 0],
    ] as const) {
      const h = await state(profile, undefined);
      const env = h.env({ PATH: openclawPath(p, '2026.6.1'), OPENCLAW_STATE_DIR: h.path('.openclaw') });
      const [oc, ck] = await Promise.all([
        run(p.openclaw['2026.6.1'], ['models', 'status', '--check'], env),
        spawnCli(['status', '--check'], env),
      ]);
      assert.equal(oc.code, code);
      assert.equal(ck.code, code);
    }
  });
});

describe('clawkeeper status reads the real OpenClaw 2026.9.6 (shared SQLite) through its CLI', () => {
  it('sees a setup-token OpenClaw stored itself (paste-token) with the same expiry', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.config(MODEL);
    const env = h.env({ PATH: openclawPath(p, '2026.9.6'), OPENCLAW_STATE_DIR: h.path('.openclaw') });
    const paste = await run(
      p.openclaw['2026.9.6'],
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--expires-in', '300d'],
      env,
      access('sqlite-token'),
    );
    assert.equal(paste.code, 0, paste.stderr);
    const ck = await spawnCli(['status', '--json'], env);
    const report = JSON.parse(ck.stdout) as StatusReport;
    assert.equal(report.installs[0]?.generation, 'sqlite-shared');
    assert.equal(report.installs[0]?.readVia, 'openclaw-cli');
    const c = report.credentials.find((x) => x.id === 'openclaw:main/anthropic:manual');
    assert.equal(c?.state, 'ok');
    assert.equal(c?.kind, 'token');
    assert.ok(Math.abs((c?.expiresAt ?? 0) - (now + 300 * DAY)) < 10 * 60_000);
    assert.equal(
      c?.fingerprint,
      null,
      'the SQLite store is read through the CLI, which never hands out tokens',
    );
  });

  it('explains AUTH_PROFILE_MIGRATION_REQUIRED when a JSON store sits beside the SQLite one', async () => {
    const h = await state(
      { type: 'token', provider: 'anthropic', token: access('legacy'), expires: now + 100 * DAY },
      undefined,
    );
    const env = h.env({ PATH: openclawPath(p, '2026.9.6'), OPENCLAW_STATE_DIR: h.path('.openclaw') });
    const ck = await spawnCli(['status', '--json', '--check'], env);
    assert.equal(ck.code, 1);
    const report = JSON.parse(ck.stdout) as StatusReport;
    const agent = report.credentials.find((x) => x.id === 'openclaw:main');
    assert.equal(agent?.state, 'misconfigured');
    assert.match(agent?.reason ?? '', /AUTH_PROFILE_MIGRATION_REQUIRED/);
    assert.match(agent?.hint ?? '', /openclaw doctor --fix/);
    assert.ok(report.findings.some((f) => f.check === 'retired-json-store'));
  });
});

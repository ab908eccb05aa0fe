/**
 * Each verdict built on OpenClaw's own records agrees with what the real program does with the same files:
 * OpenClaw 2026.6.1 lists a disabled profile as unusable (until the same time), ignores a legacy
 * `oauth.json` beside `auth-profiles.json`; Clawdbot 2026.1.24-3 refuses a config profile
 * without `provider`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { access, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { openclawPath, programs, run, type Programs } from './programs.ts';

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const now = Date.now();
let p: Programs;
const homes: FixtureHome[] = [];
before(() => {
  p = programs();
});
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function home() {
  const h = await FixtureHome.create();
  homes.push(h);
  const env = h.env({ PATH: openclawPath(p, '2026.6.1'), OPENCLAW_STATE_DIR: h.path('.openclaw') });
  const oc = (...args: string[]) => run(p.openclaw['2026.6.1'], args, env);
  const status = async () => {
    const r = await spawnCli(['status', '--json', '--check'], env);
    return { code: r.code, report: JSON.parse(r.stdout) as StatusReport };
  };
  return { h, env, oc, status };
}

/** Clawdbot's binary, from the interop setup (`CLAWDBOT_2026_1_24_3`). */
function clawdbotBin(): string | null {
  const r = spawnSync('bash', ['scripts/interop-setup.sh', '--print-env'], { encoding: 'utf8' });
  return /CLAWDBOT_2026_1_24_3=(\S+)/.exec(r.stdout)?.[1] ?? null;
}

describe('verdicts agree with the real OpenClaw 2026.6.1', () => {
  it('a profile OpenClaw disabled after auth failures: it lists it unusable until the same time', async () => {
    const { h, oc, status } = await home();
    await h.config({
      ...MODEL,
      auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    });
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('dis'),
          expires: now + 100 * DAY,
        },
      },
    });
    const until = now + 5 * HOUR;
    await h.write('.openclaw/agents/main/agent/auth-state.json', {
      version: 1,
      usageStats: {
        'anthropic:manual': {
          errorCount: 2,
          failureCounts: { auth_permanent: 2 },
          lastFailureAt: now - 60_000,
          disabledUntil: until,
          disabledReason: 'auth_permanent',
        },
      },
    });
    const real = await oc('models', 'status', '--json');
    const unusable = (
      JSON.parse(real.stdout) as { auth: { unusableProfiles: Array<Record<string, unknown>> } }
    ).auth.unusableProfiles;
    assert.deepEqual(
      unusable.map((u) => [u.profileId, u.kind, u.reason, u.until]),
      [['anthropic:manual', 'disabled', 'auth_permanent', until]],
    );
    const mine = await status();
    const c = mine.report.credentials.find((x) => x.id === 'openclaw:main/anthropic:manual')!;
    assert.equal(c.openclaw?.unusableUntil, until);
    assert.equal(c.openclaw?.unusableKind, 'disabled');
    // deliberate difference: OpenClaw's --check says 0 (it looks at expiry only); the failures were
    // for this very token, so Clawkeeper says it needs re-auth
    assert.equal(c.state, 'needs-reauth');
    assert.equal(mine.code, 1);
  });

  it('legacy oauth.json beside auth-profiles.json: OpenClaw ignores it (anthropic missing), so does the verdict', async () => {
    const { h, oc, status } = await home();
    await h.config(MODEL);
    await h.profiles('main', { version: 1, profiles: {} });
    await h.write('.openclaw/credentials/oauth.json', {
      anthropic: { access: access('legacy'), refresh: refresh('legacy'), expires: now - HOUR },
    });
    const real = await oc('models', 'status', '--json');
    const auth = (JSON.parse(real.stdout) as { auth: { missingProvidersInUse: string[] } }).auth;
    assert.ok(auth.missingProvidersInUse.includes('anthropic'), real.stdout);
    assert.equal((await oc('models', 'status', '--check')).code, 1);
    const mine = await status();
    const c = mine.report.credentials.find((x) => x.id === 'openclaw:credentials/oauth.json')!;
    assert.equal(c.state, 'misconfigured');
    assert.match(c.reason, /ignores this legacy file/);
    assert.equal(mine.code, 1);
  });
});

describe('verdicts agree with the real Clawdbot 2026.1.24-3', () => {
  const bin = clawdbotBin();
  it(
    'a config profile without provider: Clawdbot refuses the config, the verdict is an error finding',
    { skip: bin ? false : 'CLAWDBOT_2026_1_24_3 is not set (run scripts/interop-setup.sh)' },
    async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const env = h.env({
        PATH: `${p.node24}:${process.env.PATH ?? ''}`,
        CLAWDBOT_STATE_DIR: h.path('.clawdbot'),
      });
      await h.config(
        { ...MODEL, auth: { profiles: { 'anthropic:manual': { mode: 'token' } } } },
        '.clawdbot',
        'clawdbot.json',
      );
      await h.profiles(
        'main',
        {
          version: 1,
          profiles: {
            'anthropic:manual': {
              type: 'token',
              provider: 'anthropic',
              token: access('cb'),
              expires: now + 100 * DAY,
            },
          },
        },
        '.clawdbot',
      );
      const real = await run(bin!, ['models', 'status', '--json'], env);
      assert.notEqual(real.code, 0);
      assert.match(real.stdout + real.stderr, /expected string, received undefined/i);
      const mine = await spawnCli(['status', '--json', '--check'], env);
      const report = JSON.parse(mine.stdout) as StatusReport;
      assert.ok(report.findings.some((f) => f.check === 'config-profile-no-provider'));
      assert.equal(mine.code, 1);
    },
  );
});

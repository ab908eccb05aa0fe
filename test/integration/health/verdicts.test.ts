/**
 * One realistic home per situation judged from OpenClaw's records, probes and lineage, written the way Clawdbot 2026.1.24-3 and OpenClaw
 * 2026.6.1 write their files: the state, the reason, the hint, and the exit codes of
 * `status --check` and `doctor` (which must agree).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { CredentialReport, StatusReport } from '../../../main/core/health/report.ts';
import { access, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

interface Case {
  readonly name: string;
  readonly setup: (h: FixtureHome) => Promise<void>;
  /** credential id → expected state and words its reason / hint contain */
  readonly expect: Record<string, { state: string; reason?: RegExp; hint?: RegExp }>;
  readonly findings?: readonly string[];
  readonly check: 0 | 1 | 2;
}

const token = (seed: string, extra: object = {}) => ({
  type: 'token',
  provider: 'anthropic',
  token: access(seed),
  ...extra,
});

const CASES: Case[] = [
  {
    name: 'a token without expiry that OpenClaw recorded three auth failures for',
    async setup(h) {
      await h.profiles('main', {
        version: 1,
        profiles: { 'anthropic:manual': token('cron-copy') },
        usageStats: {
          'anthropic:manual': {
            errorCount: 3,
            failureCounts: { auth: 3 },
            lastFailureAt: now - 10 * 60_000,
            lastUsed: now - HOUR,
          },
        },
      });
    },
    expect: {
      'openclaw:main/anthropic:manual': {
        state: 'needs-reauth',
        reason: /recorded 3 auth failure/,
        hint: /setup-token/,
      },
    },
    findings: ['openclaw-auth-failures'],
    check: 1,
  },
  {
    name: 'a profile OpenClaw disabled for 5 h after auth failures (auth-state.json, 2026.6.1)',
    async setup(h) {
      await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': token('disabled') } });
      await h.write('.openclaw/agents/main/agent/auth-state.json', {
        version: 1,
        usageStats: {
          'anthropic:manual': {
            errorCount: 2,
            failureCounts: { auth_permanent: 2 },
            lastFailureAt: now - 5 * 60_000,
            disabledUntil: now + 5 * HOUR,
            disabledReason: 'auth_permanent',
          },
        },
      });
    },
    expect: {
      'openclaw:main/anthropic:manual': {
        state: 'needs-reauth',
        reason: /disabled \(auth_permanent\) until/,
      },
    },
    check: 1,
  },
  {
    name: 'a rate-limit cooldown: "rate-limited until", not "needs re-auth"',
    async setup(h) {
      await h.profiles('main', {
        version: 1,
        profiles: { 'anthropic:manual': token('busy', { expires: now + 300 * DAY }) },
        usageStats: {
          'anthropic:manual': {
            errorCount: 1,
            failureCounts: { rate_limit: 1 },
            lastFailureAt: now - 60_000,
            cooldownUntil: now + 20 * 60_000,
            cooldownReason: 'rate_limit',
          },
        },
      });
    },
    expect: {
      'openclaw:main/anthropic:manual': {
        state: 'blocked',
        reason: /rate-limited until/,
        hint: /Nothing to do/,
      },
    },
    check: 2,
  },
  {
    name: 'a config profile without provider (Clawdbot 2026.1.24-3 refuses the config)',
    async setup(h) {
      await h.config(
        { auth: { profiles: { 'anthropic:manual': { mode: 'token' } } } },
        '.clawdbot',
        'clawdbot.json',
      );
      await h.profiles(
        'main',
        { version: 1, profiles: { 'anthropic:manual': token('cb', { expires: now + 300 * DAY }) } },
        '.clawdbot',
      );
    },
    expect: { 'clawdbot:main/anthropic:manual': { state: 'ok' } },
    findings: ['config-profile-no-provider'],
    check: 1,
  },
  {
    name: 'legacy oauth.json beside an auth-profiles.json with no Anthropic profile (ignored)',
    async setup(h) {
      await h.profiles('main', { version: 1, profiles: {} });
      await h.write('.openclaw/credentials/oauth.json', {
        anthropic: { access: access('legacy'), refresh: refresh('legacy'), expires: now - HOUR },
      });
    },
    expect: {
      'openclaw:credentials/oauth.json': { state: 'misconfigured', reason: /ignores this legacy file/ },
    },
    findings: ['legacy-oauth-ignored'],
    check: 1,
  },
  {
    name: 'two agents each holding their own setup-token under anthropic:manual',
    async setup(h) {
      await h.profiles('main', {
        profiles: { 'anthropic:manual': token('a', { expires: now + 300 * DAY }) },
      });
      await h.profiles('work', {
        profiles: { 'anthropic:manual': token('b', { expires: now + 200 * DAY }) },
      });
    },
    expect: {
      'openclaw:main/anthropic:manual': { state: 'ok' },
      'openclaw:work/anthropic:manual': { state: 'ok' },
    },
    check: 0,
  },
  {
    name: 'an expired setup-token: status and doctor both say it, both exit 1',
    async setup(h) {
      await h.profiles('main', { profiles: { 'anthropic:manual': token('old', { expires: now - DAY }) } });
    },
    expect: { 'openclaw:main/anthropic:manual': { state: 'expired', hint: /setup-token/ } },
    findings: ['credential-expired'],
    check: 1,
  },
  {
    name: 'one unreadable store (a directory where the file should be) is one entry',
    async setup(h) {
      await mkdir(h.path('.openclaw/agents/broken/agent/auth-profiles.json'), { recursive: true });
      await h.profiles('main', {
        profiles: { 'anthropic:manual': token('fine', { expires: now + 300 * DAY }) },
      });
    },
    expect: {
      'openclaw:broken/auth-profiles.json': { state: 'unreadable', reason: /auth-profiles\.json/ },
      'openclaw:main/anthropic:manual': { state: 'ok' },
    },
    check: 1,
  },
  {
    name: 'a Clawdbot install is told its own commands (no `secrets reload`)',
    async setup(h) {
      await h.config({}, '.clawdbot', 'clawdbot.json');
      await h.profiles(
        'main',
        {
          profiles: { 'anthropic:manual': token('cbm', { expires: now + 300 * DAY }) },
          usageStats: {
            'anthropic:manual': { errorCount: 1, failureCounts: { auth: 1 }, lastFailureAt: now - 60_000 },
          },
        },
        '.clawdbot',
      );
    },
    expect: { 'clawdbot:main/anthropic:manual': { state: 'needs-reauth', reason: /auth failure/ } },
    check: 1,
  },
];

async function status(h: FixtureHome, extra: string[] = []) {
  const r = await runCli(['status', '--json', '--check', ...extra], h.env());
  assert.notEqual(r.code, 70, r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as StatusReport };
}

function cred(r: StatusReport, id: string): CredentialReport {
  const c = r.credentials.find((x) => x.id === id);
  assert.ok(c, `no ${id} in ${r.credentials.map((x) => x.id).join(', ')}`);
  return c;
}

describe('verdicts that match the field', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      await c.setup(h);
      const { code, report } = await status(h);
      for (const [id, want] of Object.entries(c.expect)) {
        const got = cred(report, id);
        assert.equal(got.state, want.state, `${id}: ${got.reason}`);
        if (want.reason) assert.match(got.reason, want.reason);
        if (want.hint) assert.match(got.hint ?? '', want.hint);
      }
      for (const f of c.findings ?? [])
        assert.ok(
          report.findings.some((x) => x.check === f),
          `no finding ${f}: ${report.findings.map((x) => x.check).join(', ')}`,
        );
      assert.equal(code, c.check, JSON.stringify(report.findings.map((f) => [f.check, f.severity])));
      assert.equal(report.exitCode, c.check);
      const doctor = await runCli(['doctor', '--json'], h.env());
      assert.equal(doctor.code, c.check, 'doctor and status --check read one verdict');
      assert.ok(
        !/secrets reload/.test(doctor.stdout + JSON.stringify(report)) || !id(c).startsWith('clawdbot'),
      );
    });
  }
});

function id(c: Case): string {
  return Object.keys(c.expect)[0] ?? '';
}

import assert from 'node:assert/strict';
import { chmod, readFile, stat } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { DoctorApplyResult, DoctorReport } from '../../../main/core/contracts.ts';
import type { BackupRecord } from '../../../main/ports/backups.ts';
import { access, apiKey, DAY, FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { SEED_BUG_CONFIG_PROFILES, seedBugStore } from '../../helpers/scenarios.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const tokenProfile = (seed: string, expires = now + 200 * DAY) => ({
  type: 'token',
  provider: 'anthropic',
  token: access(seed),
  expires,
});
const config = (profiles: Record<string, object>, extra: object = {}) => ({
  ...MODEL,
  auth: { profiles, ...extra },
});

interface Case {
  check: string;
  /** lays out the fixture; returns the paths whose bytes the fix changes */
  setup(h: FixtureHome): Promise<string[]>;
  /** what must be true after the fix */
  verify?(h: FixtureHome): Promise<void>;
}

const store = (h: FixtureHome) => h.path('.openclaw/agents/main/agent/auth-profiles.json');
type Obj = Record<string, unknown>;
interface JsonDoc {
  profiles: Record<string, Obj>;
  order: Record<string, string[]>;
  auth: { profiles: Record<string, Obj>; order: Record<string, string[]> };
}
const json = async (p: string) => JSON.parse(await readFile(p, 'utf8')) as JsonDoc;

const CASES: Case[] = [
  {
    check: 'mode-type-mismatch',
    async setup(h) {
      const cfg = await h.config(config(SEED_BUG_CONFIG_PROFILES));
      await h.profiles('main', seedBugStore('seed', now + 8 * 3_600_000));
      return [cfg];
    },
    async verify(h) {
      assert.equal(
        (await json(h.path('.openclaw/openclaw.json'))).auth.profiles['anthropic:default']?.mode,
        'oauth',
      );
    },
  },
  {
    check: 'provider-mismatch',
    async setup(h) {
      const cfg = await h.config(config({ 'anthropic:manual': { provider: 'openai', mode: 'token' } }));
      await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': tokenProfile('prov') } });
      return [cfg];
    },
  },
  {
    check: 'token-whitespace',
    async setup(h) {
      const t = access('ws');
      const p = await h.profiles('main', {
        version: 1,
        profiles: {
          'anthropic:manual': { ...tokenProfile('ws'), token: `${t.slice(0, 40)}\n${t.slice(40)}` },
        },
      });
      return [p];
    },
    async verify(h) {
      assert.equal((await json(store(h))).profiles['anthropic:manual']?.token, access('ws'));
    },
  },
  {
    check: 'oauth-token-as-api-key',
    async setup(h) {
      const cfg = await h.config(config({ 'anthropic:work': { provider: 'anthropic', mode: 'api_key' } }));
      const p = await h.profiles('main', {
        version: 1,
        profiles: {
          'anthropic:work': { type: 'api_key', provider: 'anthropic', key: access('oat-key'), note: 'x' },
        },
      });
      return [cfg, p];
    },
    async verify(h) {
      const prof = (await json(store(h))).profiles['anthropic:work'];
      assert.deepEqual(prof, { type: 'token', provider: 'anthropic', note: 'x', token: access('oat-key') });
    },
  },
  {
    check: 'api-key-as-token',
    async setup(h) {
      const cfg = await h.config(config({ 'anthropic:manual': { provider: 'anthropic', mode: 'token' } }));
      const p = await h.profiles('main', {
        version: 1,
        profiles: {
          'anthropic:manual': {
            type: 'token',
            provider: 'anthropic',
            token: apiKey('k'),
            expires: now + DAY * 9,
          },
        },
      });
      return [cfg, p];
    },
    async verify(h) {
      assert.deepEqual((await json(store(h))).profiles['anthropic:manual'], {
        type: 'api_key',
        provider: 'anthropic',
        key: apiKey('k'),
      });
      assert.equal(
        (await json(h.path('.openclaw/openclaw.json'))).auth.profiles['anthropic:manual']?.mode,
        'api_key',
      );
    },
  },
  {
    check: 'order-names-missing-profile',
    async setup(h) {
      const cfg = await h.config(
        config({}, { order: { anthropic: ['anthropic:gone', 'anthropic:manual'] } }),
      );
      await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': tokenProfile('ord') } });
      return [cfg];
    },
    async verify(h) {
      assert.deepEqual((await json(h.path('.openclaw/openclaw.json'))).auth.order.anthropic, [
        'anthropic:manual',
      ]);
    },
  },
  {
    check: 'last-good-missing-profile',
    async setup(h) {
      const p = await h.profiles('main', {
        version: 1,
        profiles: { 'anthropic:manual': tokenProfile('lg') },
        lastGood: { anthropic: 'anthropic:gone' },
      });
      return [p];
    },
  },
  {
    check: 'file-permissions',
    async setup(h) {
      return [
        await h.profiles(
          'main',
          { version: 1, profiles: { 'anthropic:manual': tokenProfile('perm') } },
          '.openclaw',
          0o644,
        ),
      ];
    },
    async verify(h) {
      assert.equal((await stat(store(h))).mode & 0o777, 0o600);
    },
  },
];

async function doctor(h: FixtureHome, ...args: string[]) {
  const r = await runCli(['doctor', '--json', ...args], h.env());
  assert.equal(r.stderr, '');
  return { code: r.code, out: JSON.parse(r.stdout) as DoctorReport & DoctorApplyResult };
}

describe('clawkeeper doctor --fix, one fixture per automatic fix', () => {
  for (const c of CASES) {
    it(`${c.check}: detected, fixed, clean on a re-run, and undone byte for byte by backup restore`, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const files = await c.setup(h);
      const originals = await Promise.all(
        files.map(async (f) => [await readFile(f, 'utf8'), (await stat(f)).mode & 0o777] as const),
      );
      const before = await doctor(h);
      const found = before.out.findings.find((f) => f.check === c.check);
      assert.ok(found, `not detected: ${before.out.findings.map((f) => f.check).join(', ')}`);
      assert.equal(found.fixable, true);
      assert.ok(found.plan.length > 0);
      assert.ok(!JSON.stringify(before.out).includes(access('seed').slice(13, 40)));
      const fixed = await doctor(h, '--fix');
      assert.ok(fixed.out.applied.some((a) => a.id === found.id));
      assert.deepEqual(fixed.out.failed, []);
      // what is left is only the credentials' own states (an expired token stays expired)
      const left = (r: DoctorReport) => r.findings.filter((f) => !f.check.startsWith('credential-'));
      assert.deepEqual(left(fixed.out.after), [], JSON.stringify(fixed.out.after.findings));
      assert.equal(fixed.code, fixed.out.after.exitCode);
      const again = await doctor(h);
      assert.deepEqual(left(again.out), []);
      // one rule: doctor exits as `status --check` does on the same state
      assert.equal(again.code, (await runCli(['status', '--check'], h.env())).code);
      await c.verify?.(h);
      const { backups } = JSON.parse((await runCli(['backup', 'list', '--json'], h.env())).stdout) as {
        backups: BackupRecord[];
      };
      for (const [i, f] of files.entries()) {
        const first = backups.find((b) => b.file === f && b.reason === `doctor --fix: ${c.check}`);
        assert.ok(first, `no backup of ${f}`);
        const r = await runCli(['backup', 'restore', first.id], h.env());
        assert.equal(r.code, 0, r.stderr);
        assert.equal(await readFile(f, 'utf8'), originals[i]![0], 'restore is not byte for byte');
        assert.equal((await stat(f)).mode & 0o777, originals[i]![1]);
      }
      assert.ok(
        (await doctor(h)).out.findings.some((f) => f.check === c.check),
        'the restore brought the finding back',
      );
    });
  }

  it('dir-permissions: chmod 700 on an open agent directory (no bytes change, so no backup)', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': tokenProfile('dir') } });
    await chmod(h.path('.openclaw/agents/main/agent'), 0o755);
    const before = await doctor(h);
    assert.equal(before.code, 2, 'only a warning');
    assert.ok(before.out.findings.some((f) => f.check === 'dir-permissions' && f.fixable));
    const fixed = await doctor(h, '--fix');
    assert.equal(fixed.code, 0);
    assert.equal((await stat(h.path('.openclaw/agents/main/agent'))).mode & 0o777, 0o700);
  });
});

describe('clawkeeper doctor without --fix', () => {
  it('prints impact and plan, changes nothing, and exits 1 while errors remain; --dry-run too', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const files = await CASES[0]!.setup(h);
    const before = await readFile(files[0]!, 'utf8');
    const text = await runCli(['doctor'], h.env());
    assert.equal(text.code, 1);
    assert.match(text.stdout, /mode-type-mismatch {2}\[auto-fix\]/);
    assert.match(text.stdout, /Impact: The profile is silently ineligible/);
    assert.match(text.stdout, /Fix: set auth.profiles\["anthropic:default"\].mode to "oauth"/);
    const dry = await runCli(['doctor', '--fix', '--dry-run'], h.env());
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /Dry run: nothing was changed/);
    assert.equal(await readFile(files[0]!, 'utf8'), before);
    assert.deepEqual(
      (JSON.parse((await runCli(['backup', 'list', '--json'], h.env())).stdout) as { backups: unknown[] })
        .backups,
      [],
    );
  });

  it('explains what a human must do for findings it never fixes itself', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude({
      claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, subscriptionType: 'max' },
    });
    await h.config({ ...MODEL, meta: { lastTouchedVersion: '2026.9.6' } });
    await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': tokenProfile('retired') } });
    await h.write('.openclaw/agents/work/agent/auth-profiles.json', '{"profiles": {');
    const { code, out } = await runCli(
      ['doctor', '--json'],
      h.env({ CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw' }),
    ).then((r) => ({
      code: r.code,
      out: JSON.parse(r.stdout) as DoctorReport,
    }));
    assert.equal(code, 1);
    const manual = (check: string) => out.findings.find((f) => f.check === check);
    assert.match(manual('claude-login-blanked')?.manualSteps.join(' ') ?? '', /\/login/);
    assert.match(
      manual('retired-json-store')?.manualSteps.join(' ') ?? '',
      /Stop the gateway.*openclaw doctor --fix/,
    );
    assert.match(manual('unreadable-file')?.manualSteps.join(' ') ?? '', /backup restore/);
    for (const f of out.findings)
      if (!f.fixable) assert.ok(f.manualSteps.length > 0, `${f.check} has no steps`);
  });
});

/**
 * Verdicts that rest on what Clawkeeper remembers between runs (lineage, sightings, rejected
 * logins), linked targets, the view filter, an empty machine and the masker.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { CredentialReport, StatusReport } from '../../../main/core/health/report.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

const token = (seed: string, extra: object = {}) => ({
  type: 'token',
  provider: 'anthropic',
  token: access(seed),
  ...extra,
});

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

describe('verdicts that rest on memory, links and views', () => {
  it('a copy that fell behind after a rotation is stale-copy, whoever looks first (status remembers)', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({ access: access('v1'), refresh: refresh('v1'), expiresAt: now + 7 * HOUR }),
    );
    await h.profiles('main', {
      profiles: {
        'anthropic:copy': {
          type: 'token',
          provider: 'anthropic',
          token: access('v1'),
          expires: now + 7 * HOUR,
        },
      },
    });
    const first = await status(h);
    assert.equal(cred(first.report, 'openclaw:main/anthropic:copy').state, 'ok');
    // Claude Code rotates; nobody synced
    await h.claude(
      claudeCredentials({ access: access('v2'), refresh: refresh('v2'), expiresAt: now + 8 * HOUR }),
    );
    const second = await status(h);
    assert.equal(cred(second.report, 'openclaw:main/anthropic:copy').state, 'stale-copy');
    assert.equal(second.code, 2);
  });

  it('a linked .env target is a credential with its own state, so a stale one is seen', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({ access: access('e1'), refresh: refresh('e1'), expiresAt: now + 7 * HOUR }),
    );
    const envFile = await h.write(
      'docker/.env',
      `OPENCLAW_IMAGE=x\nANTHROPIC_OAUTH_TOKEN="${access('e1')}"\n`,
    );
    await h.write('.config/clawkeeper/settings.json', {
      sync: { links: [{ kind: 'env-file', file: envFile, variable: 'ANTHROPIC_OAUTH_TOKEN' }] },
    });
    const id = `env-file:${envFile}#ANTHROPIC_OAUTH_TOKEN`;
    const first = await status(h);
    assert.equal(cred(first.report, id).state, 'ok');
    assert.equal(cred(first.report, id).owner, 'claude-code');
    await h.claude(
      claudeCredentials({ access: access('e2'), refresh: refresh('e2'), expiresAt: now + 8 * HOUR }),
    );
    const second = await status(h);
    assert.equal(cred(second.report, id).state, 'stale-copy');
    assert.equal(second.code, 2);
  });

  it("a replaced token keeps OpenClaw's disabled mark (as the real paste-token does); doctor --fix clears it", async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const stats = {
      'anthropic:manual': {
        errorCount: 3,
        failureCounts: { auth: 3 },
        lastFailureAt: now - 60_000,
        disabledUntil: now + 5 * HOUR,
        disabledReason: 'auth',
        lastUsed: now - HOUR,
      },
    };
    await h.profiles('main', {
      version: 1,
      profiles: { 'anthropic:manual': token('dead') },
      usageStats: stats,
    });
    const before = await status(h);
    assert.equal(cred(before.report, 'openclaw:main/anthropic:manual').state, 'needs-reauth');
    // a new setup-token lands in the profile; OpenClaw's usageStats stay as they were
    const file = await h.profiles('main', {
      version: 1,
      profiles: { 'anthropic:manual': token('fresh', { expires: now + 300 * DAY }) },
      usageStats: stats,
    });
    const after = await status(h);
    const c = cred(after.report, 'openclaw:main/anthropic:manual');
    assert.equal(c.state, 'blocked');
    assert.match(c.reason, /disabled \(auth\) until/);
    assert.match(c.hint ?? '', /clawkeeper doctor --fix.*clear OpenClaw's cooldown\/disabled mark/);
    assert.equal(after.code, 2);
    const dry = await runCli(['doctor', '--dry-run'], h.env());
    assert.match(dry.stdout, /clear OpenClaw's cooldown\/disabled mark of anthropic:manual/);
    const fix = await runCli(['doctor', '--fix'], h.env());
    assert.match(fix.stdout, /Fixed openclaw-stale-mark/);
    const doc = JSON.parse(await readFile(file, 'utf8')) as {
      usageStats: Record<string, Record<string, unknown>>;
    };
    // the fields OpenClaw's own clearAuthProfileCooldown resets; lastFailureAt and lastUsed stay
    assert.deepEqual(doc.usageStats['anthropic:manual'], {
      errorCount: 0,
      lastFailureAt: now - 60_000,
      lastUsed: now - HOUR,
    });
    const clean = await status(h);
    assert.equal(cred(clean.report, 'openclaw:main/anthropic:manual').state, 'ok');
    assert.equal(clean.code, 0);
  });

  it('paste-token over a profile with recorded auth failures: the new token is not blamed, even with no status before', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.config({ auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } } });
    await h.profiles('main', {
      version: 1,
      profiles: { 'anthropic:manual': token('dead-2') },
      usageStats: {
        'anthropic:manual': { errorCount: 3, failureCounts: { auth: 3 }, lastFailureAt: now - 60_000 },
      },
    });
    const pasted = await runCli(
      ['paste-token', '--profile-id', 'anthropic:manual', '--expires-in', '300d'],
      h.env(),
      access('fresh-2') + '\n',
    );
    assert.equal(pasted.code, 0, pasted.stdout + pasted.stderr);
    const c = cred((await status(h)).report, 'openclaw:main/anthropic:manual');
    assert.notEqual(c.state, 'needs-reauth', c.reason);
  });

  it('a rejected login stays needs-reauth until the login changes', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({ access: access('r1'), refresh: refresh('r1'), expiresAt: now + 7 * HOUR }),
    );
    const { fingerprintOf } = await import('../../../main/core/kernel/secret.ts');
    await h.write('.local/state/clawkeeper/rejected-logins.json', {
      version: 1,
      entries: { [fingerprintOf(refresh('r1'))]: now - 60_000 },
    });
    const r = await status(h);
    assert.equal(cred(r.report, 'claude-code').state, 'needs-reauth');
    assert.match(cred(r.report, 'claude-code').reason, /invalid_grant/);
    assert.equal(r.code, 1);
    await h.claude(
      claudeCredentials({ access: access('r2'), refresh: refresh('r2'), expiresAt: now + 7 * HOUR }),
    );
    assert.equal(cred((await status(h)).report, 'claude-code').state, 'ok');
  });

  it('after invalid_grant, sync and status --check exit 1 until the login changes', async () => {
    const fake = new FakeTokenEndpoint();
    const url = await fake.start();
    try {
      const h = await FixtureHome.create();
      homes.push(h);
      // due for refresh (expires in 2 min), and the endpoint does not know this refresh token
      await h.claude(
        claudeCredentials({ access: access('g1'), refresh: refresh('g1'), expiresAt: now + 2 * 60_000 }),
      );
      const env = h.env({ CLAWKEEPER_TOKEN_URL: url });
      const sync = await runCli(['sync'], env);
      assert.equal(fake.invalidGrants, 1);
      assert.equal(sync.code, 1, sync.stdout + sync.stderr);
      const r = await status(h);
      assert.equal(cred(r.report, 'claude-code').state, 'needs-reauth');
      assert.equal(r.code, 1);
      const again = await runCli(['sync'], env);
      assert.equal(again.code, 1);
      assert.equal(fake.invalidGrants, 1, 'the rejected token is not sent again');
    } finally {
      await fake.stop();
    }
  });

  it('output stays linear in credentials when many agents hold copies of one login', async () => {
    const sizes: number[] = [];
    for (const n of [30, 120]) {
      const h = await FixtureHome.create();
      homes.push(h);
      await h.claude(
        claudeCredentials({ access: access('many'), refresh: refresh('many'), expiresAt: now + 7 * HOUR }),
      );
      for (let i = 0; i < n; i++)
        await h.profiles(`a${i}`, {
          profiles: {
            'anthropic:copy': {
              type: 'token',
              provider: 'anthropic',
              token: access('many'),
              expires: now + 7 * HOUR,
            },
          },
        });
      const r = await status(h);
      assert.equal(r.report.credentials.length, n + 1);
      const copies = r.report.credentials.reduce((sum, c) => sum + c.copies.length, 0);
      assert.equal(copies, 2 * n, 'the login lists every copy, each copy lists the login');
      sizes.push(JSON.stringify(r.report).length / (n + 1));
    }
    // bytes per credential do not grow with the number of copies
    assert.ok(sizes[1]! < sizes[0]! * 1.25, `per-credential size ${sizes.join(' → ')}`);
  });

  it('--agent filters what is shown, not what is checked; an unknown agent is a usage error', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.config({ auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } } });
    await h.profiles('main', { profiles: { 'anthropic:manual': token('m', { expires: now + 300 * DAY }) } });
    await h.profiles('other', { profiles: {} });
    const shown = await status(h, ['--agent', 'other']);
    assert.deepEqual(
      shown.report.findings.filter((f) => f.check === 'config-profile-not-stored'),
      [],
    );
    const bad = await runCli(['status', '--agent', 'nosuch'], h.env());
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /unknown agent "nosuch"; known agents: main, other/);
  });

  it('an empty machine says what was not found and the next step, not needs-reauth', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const r = await status(h);
    assert.equal(r.report.worst, 'ok');
    assert.equal(r.code, 1);
    assert.match(r.report.notes.join('\n'), /Nothing found.*\n?.*claude/s);
    const text = await runCli(['status'], h.env());
    assert.match(text.stdout, /Next step: install Claude Code/);
    assert.doesNotMatch(text.stdout, /needs-reauth/);
  });

  it('token-shaped text in the wrong field of a user file is masked everywhere', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const t = access('leak');
    await h.config({ auth: { order: { anthropic: [t] }, profiles: { [t]: { mode: t } } } });
    await h.profiles('main', {
      profiles: { [t]: { type: t, mode: t, provider: t, token: t } },
      order: { anthropic: [t] },
      lastGood: { anthropic: t },
      usageStats: { [t]: { disabledReason: t, disabledUntil: now + HOUR, failureCounts: { [t]: 2 } } },
    });
    const secretPart = t.slice(13, 40);
    for (const argv of [
      ['status'],
      ['status', '--json'],
      ['doctor'],
      ['doctor', '--json'],
      ['doctor', '--dry-run'],
    ]) {
      const r = await runCli(argv, h.env());
      assert.ok(!(r.stdout + r.stderr).includes(secretPart), `${argv.join(' ')} printed a token`);
      assert.notEqual(r.code, 70);
    }
  });
});

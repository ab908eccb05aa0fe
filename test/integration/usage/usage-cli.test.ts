import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { StatusUsageSchema, UsageOutputSchema } from '../../../main/core/usage/usage-schema.ts';
import { FakeUsageApi, limitRow, usageBody, win } from '../../fakes/fake-usage-api.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli, spawnCli } from '../../helpers/run-cli.ts';

const api = new FakeUsageApi();
const homes: FixtureHome[] = [];
before(async () => {
  await api.start();
});
after(async () => {
  await api.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

/** A Claude Code login, its token copy in OpenClaw, and a setup-token. */
async function machine(seed: string) {
  const h = await FixtureHome.create();
  homes.push(h);
  const now = Date.now();
  const login = { access: access(`${seed}-a`), refresh: refresh(`${seed}-r`) };
  const setup = access(`${seed}-setup`);
  await h.claude(claudeCredentials({ ...login, expiresAt: now + 6 * HOUR }));
  await h.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:default': {
        type: 'token',
        provider: 'anthropic',
        token: login.access,
        expires: now + 6 * HOUR,
      },
      'anthropic:manual': {
        type: 'token',
        provider: 'anthropic',
        token: setup,
        expires: now + 300 * 24 * HOUR,
      },
    },
  });
  api.inferenceOnly.add(setup);
  const env = h.env({ CLAWKEEPER_API_BASE: api.base, CLAWKEEPER_DATA_DIR: h.path('data') });
  return { h, env, login, setup, now, fp: fingerprintOf(login.access) };
}

const readsWith = (token: string) => api.reads.filter((l) => l.headers.authorization === `Bearer ${token}`);

describe('clawkeeper usage against the fake endpoint', () => {
  it('prints each window with its percentage and reset time, and reads the login once for its copy too', async () => {
    const m = await machine('print');
    const resets = { session: m.now + 2 * HOUR + 5 * 60_000, week: m.now + 4 * 24 * HOUR };
    api.accounts.set(
      m.login.access,
      usageBody({
        session: win(42, resets.session),
        week: win(63, resets.week),
        sonnet: win(12.7, resets.week),
      }),
    );
    const r = await runCli(['usage'], m.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^claude-code, openclaw:main\/anthropic:default {2}\(sha256:[0-9a-f]{12}\)$/m);
    assert.match(r.stdout, /^ {2}Session +42 % +█+░+ {2}resets (\w{3} )?\d\d:\d\d \(in 2 h [45] m\)$/m);
    assert.match(r.stdout, /^ {2}Week +63 % .*resets \w{3} \d\d:\d\d \(in (3 d 23 h|4 d)\)$/m);
    assert.match(r.stdout, /^ {2}Week \(Sonnet\) +12 % /m);
    assert.match(r.stdout, /^Not read: openclaw:main\/anthropic:manual: .*inference scope/m);
    assert.equal(readsWith(m.login.access).length, 1);
    assert.equal(readsWith(m.setup).length, 0, 'a setup-token is never sent to the usage endpoint');
  });

  it('--json validates against clawkeeper.usage/1 and carries the numbers and reset times', async () => {
    const m = await machine('json');
    const reset = m.now + 3 * HOUR;
    api.accounts.set(m.login.access, {
      ...usageBody({ session: win(91.5, reset), week: null }),
      limits: [
        limitRow('weekly_all', 64, m.now + 70 * HOUR),
        limitRow('weekly_scoped', 30, m.now + 70 * HOUR, 'Fable'),
      ],
      unheard_of: { anything: true },
    });
    const r = await runCli(['usage', '--json'], m.env);
    assert.equal(r.code, 0, r.stderr);
    const out = UsageOutputSchema.parse(JSON.parse(r.stdout));
    assert.equal(out.logins.length, 1);
    const reading = out.logins[0]!;
    assert.equal(reading.fingerprint, m.fp);
    assert.equal(reading.status, 'ok');
    assert.deepEqual(
      reading.windows.map((w) => [w.id, w.percent, w.resetsAt]),
      [
        ['five_hour', 91.5, reset],
        ['seven_day', 64, m.now + 70 * HOUR],
        ['scoped:fable', 30, m.now + 70 * HOUR],
      ],
    );
    assert.deepEqual(out.thresholds, [80, 95]);
    assert.ok(!r.stdout.includes('sk-ant-'), 'no token in the output');
  });

  it('uses the shared reading within the interval, reads again with --refresh, and never sends the refresh token', async () => {
    const m = await machine('once');
    api.accounts.set(m.login.access, usageBody({ session: win(5, m.now + HOUR) }));
    assert.equal((await runCli(['usage'], m.env)).code, 0);
    assert.equal((await spawnCli(['usage', '--json'], m.env)).code, 0);
    assert.equal(readsWith(m.login.access).length, 1, 'a second run within 5 minutes asks nothing');
    assert.equal((await runCli(['usage', '--refresh'], m.env)).code, 0);
    assert.equal(readsWith(m.login.access).length, 2);
    for (const l of api.log) {
      const all = JSON.stringify(l);
      assert.ok(!all.includes(m.login.refresh), 'the refresh token never reaches the usage endpoint');
      const { authorization: _auth, ...rest } = l.headers;
      assert.ok(!(JSON.stringify(rest) + l.url + l.body).includes('sk-ant-'), 'tokens only in Authorization');
    }
  });

  it('says "usage unknown" on a 429 and leaves the login\'s state alone', async () => {
    const m = await machine('limited');
    api.accounts.set(m.login.access, usageBody({ session: win(5, m.now + HOUR) }));
    api.rateLimitNext = 1;
    const r = await runCli(['usage'], m.env);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /usage unknown: the usage endpoint is rate-limiting this token \(HTTP 429\)/);
    const status = await runCli(['status', '--json', '--check'], m.env);
    assert.equal(status.code, 0, 'the login is ok: a failed usage read is not a verdict');
    const report = JSON.parse(status.stdout) as {
      usage: unknown;
      credentials: Array<{ id: string; state: string }>;
    };
    const usage = StatusUsageSchema.parse(report.usage);
    assert.equal(usage[m.fp]?.status, 'unknown');
    assert.ok(report.credentials.every((c) => c.state === 'ok'));
  });

  it('status --json carries the last reading by fingerprint, without asking the endpoint', async () => {
    const m = await machine('status');
    api.accounts.set(
      m.login.access,
      usageBody({ session: win(77, m.now + HOUR), week: win(20, m.now + 90 * HOUR) }),
    );
    const before = api.log.length;
    const plain = JSON.parse((await runCli(['status', '--json'], m.env)).stdout) as { usage?: unknown };
    assert.equal(plain.usage, undefined, 'nothing read yet, nothing shown');
    assert.equal(api.log.length, before, 'status sends nothing');
    await runCli(['usage'], m.env);
    const r = await runCli(['status', '--json'], m.env);
    const usage = StatusUsageSchema.parse((JSON.parse(r.stdout) as { usage: unknown }).usage);
    assert.deepEqual(Object.keys(usage), [m.fp]);
    assert.deepEqual(usage[m.fp]?.credentials, ['claude-code', 'openclaw:main/anthropic:default']);
    assert.deepEqual(
      usage[m.fp]?.windows.map((w) => w.percent),
      [77, 20],
    );
    const text = await runCli(['status'], m.env);
    assert.match(text.stdout, /Usage \(last reading/);
    assert.match(text.stdout, /Session +77 %/);
  });

  it('with usage.enabled false reads nothing and says so', async () => {
    const m = await machine('off');
    await m.h.write('.config/clawkeeper/settings.json', { usage: { enabled: false } });
    const before = api.log.length;
    const r = await runCli(['usage', '--json'], m.env);
    assert.equal(r.code, 1);
    assert.match(UsageOutputSchema.parse(JSON.parse(r.stdout)).notes.join(' '), /usage.enabled is false/);
    assert.equal(api.log.length, before);
  });
});

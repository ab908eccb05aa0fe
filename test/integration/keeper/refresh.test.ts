import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { keeperFor, readJson } from '../../helpers/keeper-harness.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';

const fake = new FakeTokenEndpoint();
let url: string;
const homes: FixtureHome[] = [];
before(async () => {
  url = await fake.start();
});
after(async () => {
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function loginHome(expiresInMs: number, extra: Record<string, unknown> = {}) {
  const h = await FixtureHome.create();
  homes.push(h);
  const rt = fake.issue();
  const creds = claudeCredentials({
    access: access(`a-${homes.length}`),
    refresh: rt,
    expiresAt: Date.now() + expiresInMs,
    extra,
  });
  const path = await h.claude(creds);
  return { h, rt, path, creds };
}

interface Creds {
  claudeAiOauth: {
    accessToken: string;
    refreshToken: string;
    expiresAt: number;
    subscriptionType: string;
    rateLimitTier: string;
    scopes: string[];
  };
  mcpOAuth: unknown;
  futureField?: unknown;
}

describe('cooperative refresh of Claude Code’s login', () => {
  it('refreshes within the lead time, persists both new tokens, keeps every other field, 0600', async () => {
    const { h, rt, path } = await loginHome(30 * 60_000, { futureField: { keep: true } });
    const k = await keeperFor(h, url);
    const before = fake.refreshes;
    await k.keeper.refreshNow();
    assert.equal(fake.refreshes, before + 1);
    const after = await readJson<Creds>(path);
    assert.notEqual(after.claudeAiOauth.refreshToken, rt);
    assert.match(after.claudeAiOauth.accessToken, /^sk-ant-oat01-/);
    assert.ok(after.claudeAiOauth.expiresAt > Date.now() + 7 * HOUR);
    assert.equal(after.claudeAiOauth.subscriptionType, 'max');
    assert.equal(after.claudeAiOauth.rateLimitTier, 'default_claude_max_20x');
    assert.deepEqual(after.mcpOAuth, {});
    assert.deepEqual(after.futureField, { keep: true });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(k.of('refreshed').length, 1);
  });

  it('schedules its next look exactly when the refresher would refresh (one "is due" rule)', async () => {
    const clock = new FakeClock(Date.now());
    const h = await FixtureHome.create();
    homes.push(h);
    const expiresAt = clock.now() + 1.5 * HOUR; // due in 30 min, inside the 60 min cap
    await h.claude(claudeCredentials({ access: access('due-1'), refresh: fake.issue(), expiresAt }));
    const k = await keeperFor(h, url, { clock });
    await k.keeper.start();
    const next = k.keeper.nextCheck();
    assert.ok(next);
    assert.equal(next.reason, 'refresh-due');
    assert.equal(next.at, expiresAt - HOUR); // the default lead time is 60 min
    const before = fake.refreshes;
    // nothing happens one millisecond early ...
    await clock.advance(next.at - clock.now() - 1);
    await k.keeper.settled();
    assert.equal(fake.refreshes, before);
    // ... and at the scheduled moment the timer's pass finds the login due and refreshes it
    await clock.advance(1);
    await k.keeper.settled();
    assert.equal(fake.refreshes, before + 1);
    await k.keeper.stop();
  });

  it('does nothing when the login is not within the lead time, unless forced', async () => {
    const { h, path } = await loginHome(5 * HOUR);
    const k = await keeperFor(h, url);
    const before = fake.refreshes;
    await k.keeper.refreshNow();
    assert.equal(fake.refreshes, before);
    await k.keeper.refreshNow({ force: true });
    assert.equal(fake.refreshes, before + 1);
    assert.ok((await readJson<Creds>(path)).claudeAiOauth.expiresAt > Date.now() + 7 * HOUR);
  });

  it('backs off while Claude Code holds its refresh lock, and refreshes nothing', async () => {
    const { h } = await loginHome(10 * 60_000);
    const release = await lockfile.lock(h.path('.claude'), {
      lockfilePath: h.path('.claude/.oauth_refresh.lock'),
      stale: 10_000,
      realpath: false,
    });
    try {
      const k = await keeperFor(h, url);
      const before = fake.refreshes;
      await k.keeper.refreshNow();
      assert.equal(fake.refreshes, before);
      assert.match(k.of('refresh-skipped')[0]?.reason ?? '', /refresh lock/);
    } finally {
      await release();
    }
  });

  it('honours the legacy <dir>.lock too', async () => {
    const { h } = await loginHome(10 * 60_000);
    const release = await lockfile.lock(h.path('.claude'), { stale: 10_000, realpath: false });
    try {
      const k = await keeperFor(h, url);
      const before = fake.refreshes;
      await k.keeper.refreshNow();
      assert.equal(fake.refreshes, before);
    } finally {
      await release();
    }
  });

  it('turns invalid_grant into one needs-reauth event and never retries the same token', async () => {
    const { h } = await loginHome(10 * 60_000);
    await writeFile(
      h.path('.claude/.credentials.json'),
      JSON.stringify(
        claudeCredentials({
          access: access('dead'),
          refresh: 'sk-ant-ort01-' + 'Z'.repeat(95),
          expiresAt: Date.now() + 10 * 60_000,
        }),
      ),
      { mode: 0o600 },
    );
    const k = await keeperFor(h, url);
    const before = fake.invalidGrants;
    await k.keeper.refreshNow();
    await k.keeper.refreshNow();
    await k.keeper.syncNow();
    assert.equal(fake.invalidGrants, before + 1, 'asked the endpoint only once');
    assert.equal(k.of('needs-reauth').length, 1);
    assert.match(k.of('needs-reauth')[0]?.hint ?? '', /\/login/);
    assert.equal(k.of('refresh-failed')[0]?.retryable, false);
    // the user logs in again: a new refresh token lifts the gate
    await writeFile(
      h.path('.claude/.credentials.json'),
      JSON.stringify(
        claudeCredentials({
          access: access('new'),
          refresh: fake.issue(),
          expiresAt: Date.now() + 10 * 60_000,
        }),
      ),
      { mode: 0o600 },
    );
    await k.keeper.refreshNow();
    assert.equal(k.of('refreshed').length, 1);
  });

  it('backs off on 429 with Retry-After and on 5xx, then succeeds', async () => {
    const { h } = await loginHome(10 * 60_000);
    const k = await keeperFor(h, url);
    fake.fail429 = 1;
    fake.retryAfterSec = 120;
    await k.keeper.refreshNow();
    const failed = k.of('refresh-failed')[0];
    assert.equal(failed?.retryable, true);
    assert.ok((failed?.nextAttemptAt ?? 0) - Date.now() >= 119_000, 'waits at least Retry-After');
    await k.keeper.refreshNow(); // still inside the back-off: nothing is sent
    assert.equal(k.of('refresh-failed').length, 1);
    await k.keeper.refreshNow({ force: true }); // a manual forced refresh goes through
    assert.equal(k.of('refreshed').length, 1);
  });
});

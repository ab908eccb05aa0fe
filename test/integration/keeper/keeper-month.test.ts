import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { HttpTokenEndpoint } from '../../../main/adapters/node/http-token-endpoint.ts';
import { ClaudeLoginStore } from '../../../main/core/discovery/claude-login-store.ts';
import { refreshClaudeLogin } from '../../../main/core/keeper/refresher.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { keeperFor } from '../../helpers/keeper-harness.ts';

const MIN = 60_000;
const DAYS = 30;

describe('a simulated month of 8-hour tokens (fake clock, real files, real HTTP)', () => {
  const fake = new FakeTokenEndpoint();
  let h: FixtureHome;
  before(async () => {
    await fake.start();
    h = await FixtureHome.create();
  });
  after(async () => {
    await fake.stop();
    await h.cleanup();
  });

  it('never leaves a linked target expired while the login is valid, and never hits invalid_grant', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 1, 7, 0));
    const start = clock.now();
    await h.claude(
      claudeCredentials({ access: access('month'), refresh: fake.issue(), expiresAt: start + 8 * HOUR }),
    );
    const target = await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('month'),
          refresh: 'sk-ant-ort01-copy',
          expires: start + 8 * HOUR,
        },
      },
    });
    const k = await keeperFor(h, fake.url, { clock });
    // "Claude Code" itself: used every 3 waking hours, refreshing (through the same lock
    // protocol) when its token is within 5 minutes of expiry, as the real one does.
    const files = new NodeWritableFiles();
    const claude = new ClaudeLoginStore(
      { source: 'file', location: h.path('.claude/.credentials.json') },
      {
        files,
        keychain: null,
        env: { platform: 'linux', home: h.home, user: 'tester', uid: null, vars: { HOME: h.home } },
      },
    );
    const claudeDeps = {
      locks: new NodeLocks(),
      endpoint: new HttpTokenEndpoint({
        url: fake.url,
        clientId: 'claude-code',
        userAgent: 'claude-cli',
        timeoutMs: 5000,
      }),
      clock,
    };
    let claudeRefreshes = 0;

    await k.keeper.start();
    await k.keeper.settled();
    let violationMinutes = 0;
    let sampledMinutes = 0;
    for (let day = 0; day < DAYS; day++) {
      // awake 07:00–23:00, asleep 23:00–07:00; on Sundays the laptop stays shut until 13:00
      const awakeMinutes = 16 * 60;
      for (let m = 0; m < awakeMinutes; m++) {
        await clock.advance(MIN, () => k.keeper.settled());
        if (m % 180 === 0) {
          const r = await refreshClaudeLogin(claudeDeps, claude, { leadMs: 5 * MIN, force: false });
          if (r.kind === 'refreshed') {
            claudeRefreshes++;
            await k.keeper.check('file'); // its watcher would have seen the write
            await k.keeper.settled();
          }
        }
        const login = JSON.parse(await readFile(h.path('.claude/.credentials.json'), 'utf8')) as {
          claudeAiOauth: { expiresAt: number };
        };
        const copy = JSON.parse(await readFile(target, 'utf8')) as {
          profiles: Record<string, { expires: number }>;
        };
        const now = clock.now();
        sampledMinutes++;
        if (
          login.claudeAiOauth.expiresAt > now &&
          (copy.profiles['anthropic:claude-cli']?.expires ?? 0) <= now
        )
          violationMinutes++;
      }
      clock.sleep((day % 7 === 6 ? 14 : 8) * HOUR);
      await clock.advance(0, () => k.keeper.settled()); // lid opens: overdue timers fire late
    }
    await k.keeper.stop();
    const wakes = k.of('woke').length;
    console.log(
      `# month: ${k.of('refreshed').length} refreshes by Clawkeeper, ${claudeRefreshes} by "Claude Code", ${wakes} wake-ups, ${fake.invalidGrants} invalid_grant, ${violationMinutes} of ${sampledMinutes} awake minutes with an expired copy`,
    );
    assert.equal(violationMinutes, 0);
    assert.equal(fake.invalidGrants, 0);
    assert.ok(wakes >= DAYS - 1, 'every night the late timer is recognised as a wake-up');
    // about one refresh per 7 hours awake plus one per wake-up, never one per minute
    assert.ok(
      k.of('refreshed').length <= (DAYS * 16) / 7 + DAYS + 2,
      `refreshed ${k.of('refreshed').length} times`,
    );
    assert.ok(k.of('refreshed').length >= DAYS);
    const final = JSON.parse(await readFile(target, 'utf8')) as {
      profiles: Record<string, Record<string, unknown>>;
    };
    assert.equal(final.profiles['anthropic:claude-cli']?.type, 'token');
    assert.equal(final.profiles['anthropic:claude-cli']?.refresh, undefined);
  });
});

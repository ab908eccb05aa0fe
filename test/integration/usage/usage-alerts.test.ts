import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createFileLogger } from '../../../main/adapters/node/file-logger.ts';
import { createAppContext } from '../../../main/compose/context.ts';
import { Runtime } from '../../../main/compose/runtime.ts';
import type { KeeperEvent } from '../../../main/core/contracts.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { FakeUsageApi, usageBody, win } from '../../fakes/fake-usage-api.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';

const MIN = 60_000;
const api = new FakeUsageApi();
const hook = new AlertReceiver();
const homes: FixtureHome[] = [];
before(async () => {
  await Promise.all([api.start(), hook.start()]);
});
after(async () => {
  await Promise.all([api.stop(), hook.stop()]);
  await Promise.all(homes.map((h) => h.cleanup()));
});

interface Sent {
  kind: string;
  key: string;
  level: number;
  title: string;
  message: string;
  credential: string;
  fingerprint: string;
}

describe('usage thresholds through the alert channels (fake clock)', () => {
  it('alerts a webhook and a flag file once per window and threshold, and resolves once after the reset', async () => {
    const clock = new FakeClock(Date.parse('2026-12-08T08:00:00Z'));
    const t0 = clock.now();
    const h = await FixtureHome.create();
    homes.push(h);
    const token = access('alerts-usage');
    await h.claude(
      claudeCredentials({ access: token, refresh: refresh('alerts-usage'), expiresAt: t0 + 7 * HOUR }),
    );
    await h.write('.config/clawkeeper/settings.json', {
      refresh: { strategy: 'off' },
      probe: { enabled: false },
      sync: { autoLinks: false, reload: 'off' },
      alerts: {
        channels: [
          { type: 'webhook', name: 'ops', url: hook.url('/hooks/usage') },
          { type: 'flag-file', on: ['usage'] },
        ],
      },
    });
    const reset = t0 + 2 * HOUR + 30 * MIN;
    api.accounts.set(token, usageBody({ session: win(82, reset), week: win(40, t0 + 80 * HOUR) }));
    const ctx = await createAppContext(
      h.env({ CLAWKEEPER_API_BASE: api.base, CLAWKEEPER_DATA_DIR: h.path('data') }),
      { clock },
    );
    const logger = createFileLogger(ctx.dataDir);
    // the running keeper of the tray app and `watch`: keeper, usage monitor, alert duty
    const runtime = new Runtime(ctx, logger, { face: 'test', watch: false });
    const events: KeeperEvent[] = [];
    runtime.view.on((e) => events.push(e));
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await runtime.keeper.settled();
        await runtime.usage.settled();
        await runtime.alerts.settled();
      }
    };
    const flag = h.path('data', 'USAGE_HIGH');
    const sent = () => hook.json<Sent>().filter((a) => a.key.startsWith('usage:'));
    try {
      await runtime.start();
      await settle();
      assert.deepEqual(
        sent().map((a) => [a.kind, a.level, a.title]),
        [['alert', 1, 'Session 82 % used']],
      );
      assert.equal(sent()[0]!.credential, 'claude-code');
      assert.match(
        await readFile(flag, 'utf8'),
        /^USAGE_HIGH: .*\nclaude-code: Session 82 % · resets (\w{3} )?\d\d:\d\d\n$/,
      );

      // five minutes on: the same window, still 82 %: nothing new; then 96 %: one escalation
      await clock.advance(5 * MIN, settle);
      assert.equal(sent().length, 1);
      api.accounts.set(token, usageBody({ session: win(96, reset), week: win(41, t0 + 80 * HOUR) }));
      await clock.advance(5 * MIN, settle);
      await clock.advance(30 * MIN, settle);
      assert.deepEqual(
        sent().map((a) => [a.kind, a.level]),
        [
          ['alert', 1],
          ['escalation', 2],
        ],
      );
      assert.match(await readFile(flag, 'utf8'), /Session 96 %/);

      // the window resets: a new one at 3 %; one "resolved", the flag file goes away
      api.accounts.set(
        token,
        usageBody({ session: win(3, reset + 5 * HOUR), week: win(42, t0 + 80 * HOUR) }),
      );
      await clock.advance(reset - clock.now() + MIN, settle);
      assert.deepEqual(
        sent().map((a) => a.kind),
        ['alert', 'escalation', 'resolved'],
      );
      assert.equal(existsSync(flag), false, 'the flag file is removed after the reset');
      await clock.advance(2 * HOUR, settle);
      assert.equal(sent().length, 3, 'nothing more for the new window at 3 %');
      const reads = api.reads.filter((l) => l.headers.authorization === `Bearer ${token}`).length;
      const slots = Math.floor((clock.now() - t0) / (5 * MIN)) + 1;
      assert.ok(reads <= slots, `at most one read per 5 minutes: ${reads} reads in ${slots} slots`);
      assert.ok(reads >= slots - 3, `and one in each (${reads} of ${slots})`);
      for (const a of sent()) assert.ok(!JSON.stringify(a).includes('sk-ant-'), 'no token in an alert');
      const status = events.filter((e) => e.type === 'status');
      assert.ok(status.some((e) => e.type === 'status' && e.report.usage !== undefined));
    } finally {
      await runtime.stop();
    }
  });
});

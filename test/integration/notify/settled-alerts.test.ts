/**
 * An alert only for what is wrong, and each one resolved: the real keeper (real files, the fake
 * token endpoint) on a fake clock feeds the alert service, which sends to a real receiver on
 * 127.0.0.1. A judgment the keeper's own pass or its next pass withdraws never goes out; one that
 * holds goes out after the confirming pass; settled evidence goes out at once; and every alert
 * sent is followed by its "resolved", also when its credential is gone.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { AlertStateFile } from '../../../main/adapters/alerts/alert-state-file.ts';
import { NodeAlertSink } from '../../../main/adapters/alerts/node-alert-sink.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { attachAlerts } from '../../../main/compose/alerts-factory.ts';
import { CONFIRM_MS } from '../../../main/core/keeper/keeper.ts';
import { Alerter } from '../../../main/core/notify/alerter.ts';
import { SettingsSchema } from '../../../main/core/settings/settings.ts';
import type { Logger } from '../../../main/ports/logger.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { keeperFor, type Harness } from '../../helpers/keeper-harness.ts';

const rx = new AlertReceiver();
const fake = new FakeTokenEndpoint();
let url: string;
const homes: FixtureHome[] = [];
const keepers: Harness[] = [];
const alerters: Alerter[] = [];
before(async () => {
  await rx.start();
  url = await fake.start();
});
after(async () => {
  for (const k of keepers) await k.keeper.stop();
  for (const a of alerters) await a.stop();
  await rx.stop();
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A home, a keeper on a fake clock, and an alert service sending to its own path of the receiver. */
async function setup(name: string) {
  const h = await FixtureHome.create();
  homes.push(h);
  // the gateway runs the agent these cases use (the agents it runs are the ones the judgment
  // follows); it inherits the main agent's profiles
  await h.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } }, list: [{ id: 'work' }] },
  });
  const clock = new FakeClock(Date.now());
  await h.write('.config/clawkeeper/settings.json', { sync: { reload: 'off' }, probe: { enabled: false } });
  const files = new NodeWritableFiles();
  const path = `/${name}`;
  const settings = SettingsSchema.parse({
    alerts: { hostname: 'gw', channels: [{ type: 'webhook', url: rx.url(path) }] },
  });
  const alerter = new Alerter({
    clock,
    logger: quiet,
    settings: () => settings,
    host: 'gw',
    defaultFlagPath: h.path('unused'),
    sink: new NodeAlertSink({ runner: new NodeProcessRunner(), files, env: {} }),
    store: new AlertStateFile(files, h.path('data/alerts/state.json')),
  });
  await alerter.start();
  alerters.push(alerter);
  const k = await keeperFor(h, url, { clock });
  keepers.push(k);
  attachAlerts(k.keeper, alerter);
  const sent = () =>
    rx.requests
      .filter((r) => r.path === path)
      .map((r) => JSON.parse(r.body) as { kind: string; key: string; message?: string; title: string });
  /** one keeper pass, and the alerts it caused */
  const pass = async () => {
    clock.sleep(1_000); // a moment later, as any next pass is
    await k.keeper.check('test');
    await k.keeper.settled();
    await alerter.settled();
  };
  const advance = async (ms: number) => {
    await clock.advance(ms, async () => {
      await k.keeper.settled();
      await alerter.settled();
    });
  };
  /** the keeper's first pass, and the alerts it caused */
  const start = async () => {
    await k.keeper.start();
    await k.keeper.settled();
    await alerter.settled();
  };
  return { h, clock, k, alerter, sent, pass, advance, start };
}

describe('alerts only for what is wrong, each one resolved (real keeper, fake clock, real receiver)', () => {
  it('a copy the pass itself renews is never alerted (expired before the sync, fine after it)', async () => {
    const { h, k, sent, pass, advance, start } = await setup('renewed');
    await h.claude(
      claudeCredentials({ access: access('rn-2'), refresh: fake.issue(), expiresAt: Date.now() + 8 * HOUR }),
    );
    // OpenClaw's copy of the login still holds the token before the last refresh, expired an hour ago
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: access('rn-1'),
          expires: Date.now() - HOUR,
        },
      },
    });
    await start();
    await pass();
    await advance(CONFIRM_MS);
    assert.equal(k.of('synced').length, 1, 'the keeper renewed the copy');
    assert.deepEqual(sent(), [], 'no alert and no "resolved" for a copy that was never broken for anyone');
  });

  it('a file caught mid-write is not alerted; one that stays broken is, after the confirming pass, and resolved once fixed', async () => {
    const { h, k, sent, pass, advance, start } = await setup('mid-write');
    await h.claude(
      claudeCredentials({ access: access('mw'), refresh: fake.issue(), expiresAt: Date.now() + 8 * HOUR }),
    );
    const store = {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('mw-setup'),
          expires: Date.now() + 300 * DAY,
        },
      },
    };
    const file = await h.profiles('work', store);
    await start();
    // an editor writes the file in place: a pass sees it half-written, the next sees it whole
    await writeFile(file, '{"version":1,"profiles":{"anthropic:man');
    await pass();
    assert.ok(
      k.keeper.current()?.findings.some((f) => f.check === 'unreadable-file'),
      'judged unreadable',
    );
    await writeFile(file, JSON.stringify(store));
    await pass();
    await advance(CONFIRM_MS);
    assert.deepEqual(sent(), [], 'withdrawn by the next pass: never sent');

    // the same, left broken: sent once, by the pass that confirms it (30 s later)
    await writeFile(file, '{"version":1,"profiles":{"anthropic:man');
    await pass();
    assert.deepEqual(sent(), [], 'not on the first look');
    await advance(CONFIRM_MS);
    assert.deepEqual(
      sent().map((a) => [a.kind, a.key]),
      [['alert', 'finding:unreadable-file:openclaw:work/auth-profiles.json']],
    );
    await pass();
    assert.equal(sent().length, 1, 'once');
    await writeFile(file, JSON.stringify(store));
    await pass();
    assert.deepEqual(
      sent().map((a) => a.kind),
      ['alert', 'resolved'],
    );
  });

  it('settled evidence is loud at once: an agent left with only an expired setup-token; and the alert is resolved when that store is gone', async () => {
    const { h, sent, pass, start } = await setup('settled');
    // a login whose refresh token the endpoint never issued (invalid_grant), due now
    await h.claude(
      claudeCredentials({
        access: access('st'),
        refresh: refresh('st-never'),
        expiresAt: Date.now() + 20 * 60_000,
      }),
    );
    await h.profiles('work', {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('st-setup'),
          expires: Date.now() - DAY,
        },
      },
    });
    await start();
    const first = sent();
    // the gateway sends neither (an expired token is never sent; no copy of the login exists):
    // the news is the agent left with nothing, settled by the token's own expiry
    assert.deepEqual(
      first.map((a) => [a.kind, a.key]).sort(),
      [['alert', 'finding:no-usable-credential:openclaw:work/anthropic:manual']],
      'on the first pass, no confirming pass needed',
    );
    await rm(h.path('.openclaw/agents/work'), { recursive: true });
    await pass();
    const resolved = sent().filter((a) => a.kind === 'resolved');
    assert.deepEqual(
      resolved.map((a) => a.key),
      ['finding:no-usable-credential:openclaw:work/anthropic:manual'],
    );
  });

  it('the keeper looks again 30 s after something newly wrong, not because its words change with the clock', async () => {
    const { h, clock, k, sent, advance, start } = await setup('confirm-timer');
    await h.claude(
      claudeCredentials({ access: access('ct'), refresh: fake.issue(), expiresAt: clock.now() + 8 * HOUR }),
    );
    // a setup-token hours from its end: "expiring", in words that change every minute
    await h.profiles('work', {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('ct-setup'),
          expires: clock.now() + 2 * DAY,
        },
      },
    });
    await start();
    assert.equal(k.keeper.nextCheck()?.reason, 'confirm');
    assert.equal(k.keeper.nextCheck()?.at, clock.now() + CONFIRM_MS);
    await advance(CONFIRM_MS);
    assert.notEqual(
      k.keeper.nextCheck()?.reason,
      'confirm',
      'confirmed once; the next look is the usual one',
    );
    clock.sleep(5 * 60_000);
    await k.keeper.check('test');
    await k.keeper.settled();
    assert.notEqual(k.keeper.nextCheck()?.reason, 'confirm', 'new words, nothing newly wrong');
    assert.deepEqual(
      sent().map((a) => a.key),
      ['expiring:openclaw:work/anthropic:manual'],
      'the clock against a token nothing renews: told on the first pass, once',
    );
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { AlertDutyFileLock } from '../../../main/adapters/alerts/alert-duty-file-lock.ts';
import { AlertStateFile } from '../../../main/adapters/alerts/alert-state-file.ts';
import { NodeAlertSink } from '../../../main/adapters/alerts/node-alert-sink.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { KeeperEvent } from '../../../main/core/contracts.ts';
import { AlertDuty, DUTY_RETRY_MS } from '../../../main/core/notify/alert-duty.ts';
import { Alerter } from '../../../main/core/notify/alerter.ts';
import { SettingsSchema } from '../../../main/core/settings/settings.ts';
import type { Logger } from '../../../main/ports/logger.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { fixtureReport, withCredential } from '../../fakes/fixture-report.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';

const rx = new AlertReceiver();
const homes: FixtureHome[] = [];
before(async () => {
  await rx.start();
});
after(async () => {
  await rx.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const H = 3_600_000;

describe('the alert duty: one keeper per data dir runs the channels (real lock, state file, HTTP)', () => {
  it('the first keeper delivers, the second stays silent, then takes over from the saved state when the first stops', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const clock = new FakeClock();
    const files = new NodeWritableFiles();
    const dataDir = h.path('data');
    const settings = SettingsSchema.parse({
      alerts: { hostname: 'gw', channels: [{ type: 'webhook', url: rx.url('/duty') }] },
    });
    const duty = (face: string) =>
      new AlertDuty({
        clock,
        logger: quiet,
        face,
        lock: new AlertDutyFileLock(files, `${dataDir}/alerts`),
        wanted: () => settings.alerts.channels.length > 0,
        alerter: () =>
          new Alerter({
            clock,
            logger: quiet,
            settings: () => settings,
            host: 'gw',
            defaultFlagPath: h.path('unused'),
            sink: new NodeAlertSink({ runner: new NodeProcessRunner(), files, env: {} }),
            store: new AlertStateFile(files, `${dataDir}/alerts/state.json`),
          }),
      });
    const tray = duty('the tray app');
    const watch = duty('clawkeeper watch');
    await tray.start();
    await watch.start();
    assert.deepEqual([tray.holding, watch.holding], [true, false]);
    assert.ok(existsSync(`${dataDir}/alerts/duty.lock`));

    const report = withCredential(fixtureReport(clock.now()), 'claude-code', {
      expiresAt: clock.now() + 20 * 60_000,
      fingerprint: 'sha256:0123456789ab',
    });
    const rejected: KeeperEvent = {
      type: 'needs-reauth',
      at: clock.now(),
      credential: 'claude-code',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'Run `claude` and type /login to sign in again',
      cause: 'refresh-rejected',
    };
    // both keepers see the same rejection: one alert
    await Promise.all([tray.handle(rejected, report), watch.handle(rejected, report)]);
    await Promise.all([tray.settled(), watch.settled()]);
    assert.deepEqual(
      rx.json().map((b) => [b.kind, b.key]),
      [['alert', 'reauth:claude-code']],
    );
    assert.equal(watch.holding, false, 'asking again on an event does not steal a held duty');

    // the tray app quits: watch takes over on its next event, from the tray's saved memory
    await tray.stop();
    assert.equal(existsSync(`${dataDir}/alerts/duty.lock`), false, 'released');
    await watch.handle({ type: 'status', at: clock.now(), report }, report);
    await watch.settled();
    assert.equal(watch.holding, true);
    assert.equal(rx.requests.length, 1, 'the rejection is not sent a second time');

    // a new login: "resolved", once, from watch
    clock.sleep(H);
    const fixed = withCredential(fixtureReport(clock.now()), 'claude-code', {
      expiresAt: clock.now() + 8 * H,
      fingerprint: 'sha256:ba9876543210',
    });
    await watch.handle({ type: 'status', at: clock.now(), report: fixed }, fixed);
    await watch.settled();
    assert.deepEqual(
      rx.json().map((b) => b.kind),
      ['alert', 'resolved'],
    );

    // a keeper started later waits, and takes the duty on its timer once it is free
    const late = duty('late');
    await late.start();
    assert.equal(late.holding, false);
    await watch.stop();
    await clock.advance(DUTY_RETRY_MS, () => late.settled());
    assert.equal(late.holding, true);
    await late.stop();
    assert.equal(clock.pending, 0, 'no timer left behind');
    assert.equal(rx.requests.length, 2);
  });

  it('takes no duty while no channel is configured, so a keeper without channels never blocks one with them', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const clock = new FakeClock();
    const files = new NodeWritableFiles();
    let made = 0;
    const d = new AlertDuty({
      clock,
      logger: quiet,
      face: 'the tray app',
      lock: new AlertDutyFileLock(files, h.path('data/alerts')),
      wanted: () => false,
      alerter: () => {
        made++;
        throw new Error('not wanted');
      },
    });
    await d.start();
    await d.handle(null, fixtureReport(clock.now()));
    assert.deepEqual([d.holding, made, existsSync(h.path('data/alerts/duty.lock'))], [false, 0, false]);
    await d.stop();
  });
});

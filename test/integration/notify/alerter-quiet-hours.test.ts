import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { AlertStateFile } from '../../../main/adapters/alerts/alert-state-file.ts';
import { NodeAlertSink } from '../../../main/adapters/alerts/node-alert-sink.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { KeeperEvent } from '../../../main/core/contracts.ts';
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

const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const M = 60_000;

describe('the alert service on a clock (real HTTP receiver, real state file)', () => {
  it('escalates by itself when a rejected login’s token runs out at night, holds it through quiet hours, and sends it in the morning', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const clock = new FakeClock(Date.parse('2026-11-30T21:00:00Z'));
    const settings = SettingsSchema.parse({
      alerts: {
        hostname: 'gw-9',
        quietHours: { from: '22:00', to: '07:00', timeZone: 'UTC' },
        channels: [
          { type: 'webhook', url: rx.url('/hook') },
          { type: 'flag-file', path: h.path('REAUTH_NEEDED') },
        ],
      },
    });
    const files = new NodeWritableFiles();
    const alerter = new Alerter({
      clock,
      logger: quietLogger,
      settings: () => settings,
      host: 'gw-9',
      defaultFlagPath: h.path('unused'),
      sink: new NodeAlertSink({ runner: new NodeProcessRunner(), files, env: {} }),
      store: new AlertStateFile(files, h.path('data/alerts/state.json')),
    });
    const settle = () => alerter.settled();
    await alerter.start();
    const expiresAt = Date.parse('2026-11-30T23:30:00Z');
    const report = withCredential(fixtureReport(clock.now() - 1), 'claude-code', {
      expiresAt,
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
    await alerter.handle(rejected, report);
    assert.deepEqual(
      rx.json().map((b) => [b.kind, b.severity]),
      [['alert', 'warning']],
    );
    assert.ok(existsSync(h.path('REAUTH_NEEDED')));

    // the token expires at 23:30, inside quiet hours: nothing is sent during the night
    await clock.advance(8 * 60 * M, settle); // → 05:00
    assert.equal(rx.requests.length, 1);
    // quiet hours end at 07:00: the escalation goes out then, once
    await clock.advance(2 * 60 * M + 10 * M, settle); // → 07:10
    assert.deepEqual(
      rx.json().map((b) => [b.kind, b.severity]),
      [
        ['alert', 'warning'],
        ['escalation', 'critical'],
      ],
    );
    assert.equal(rx.json()[1]!.at, '2026-12-01T07:00:00.000Z');
    await clock.advance(60 * M, settle);
    assert.equal(rx.requests.length, 2, 'no repeat');

    // a new login: resolved, once; the flag file goes
    const fixed = withCredential(fixtureReport(clock.now()), 'claude-code', {
      expiresAt: clock.now() + 8 * 60 * M,
      fingerprint: 'sha256:ba9876543210',
    });
    await alerter.handle({ type: 'status', at: clock.now(), report: fixed }, fixed);
    await clock.advance(60 * M, settle);
    assert.deepEqual(
      rx.json().map((b) => b.kind),
      ['alert', 'escalation', 'resolved'],
    );
    assert.ok(!existsSync(h.path('REAUTH_NEEDED')));
    await alerter.stop();
    assert.equal(clock.pending, 0, 'no timer left behind');
  });
});

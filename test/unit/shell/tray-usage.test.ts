import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusReport } from '../../../main/core/health/report.ts';
import type { UsageReading } from '../../../main/core/formats/usage-windows.ts';
import { trayMenu, trayTitle, type TrayInput } from '../../../main/shell/tray-menu.ts';
import { fixtureReport } from '../../fakes/fixture-report.ts';

// local time, so "today" and the weekday are the machine's own, as the tray shows them
const NOW = new Date(2026, 11, 8, 9, 0, 0).getTime(); // Tue 8 Dec 2026, 09:00
const at = (day: number, h: number, m: number) => new Date(2026, 11, day, h, m, 0).getTime();

function reading(over: Partial<UsageReading> = {}): UsageReading {
  return {
    fingerprint: 'sha256:aaaaaaaaaaaa',
    credentials: ['claude-code', 'openclaw:main/anthropic:default'],
    status: 'ok',
    reason: null,
    fetchedAt: NOW - 60_000,
    nextAt: NOW + 4 * 60_000,
    windows: [
      { id: 'five_hour', kind: 'session', label: 'Session', percent: 42.9, resetsAt: at(8, 14, 5) },
      { id: 'seven_day', kind: 'weekly', label: 'Week', percent: 63, resetsAt: at(14, 9, 0) },
    ],
    extra: null,
    ...over,
  };
}
const withReadings = (...rs: UsageReading[]): StatusReport => ({
  ...fixtureReport(NOW),
  usage: Object.fromEntries(rs.map((r) => [r.fingerprint, r])),
});
const input = (report: StatusReport, over: Partial<TrayInput> = {}): TrayInput => ({
  report,
  paused: false,
  now: NOW,
  startAtLogin: false,
  ...over,
});
const labels = (i: TrayInput) => trayMenu(i).map((x) => (x.type === 'separator' ? '---' : x.label));

describe('tray menu: usage windows', () => {
  it('shows a line per window under the credentials, "Session 42 % · resets 14:05", and Check usage now', () => {
    const l = labels(input(withReadings(reading())));
    // the credentials, then what the gateway sends (the resolution model), then usage
    assert.deepEqual(l.slice(3, 8), [
      'Gateway sends anthropic:default, then anthropic:manual',
      '---',
      'Session 42 % · resets 14:05',
      'Week 63 % · resets Mon 09:00',
      '---',
    ]);
    assert.ok(l.includes('Check usage now'));
    const refresh = trayMenu(input(withReadings(reading()))).find((i) => i.id === 'usage-refresh');
    assert.deepEqual(refresh?.action, { kind: 'usage-refresh' });
  });

  it('says "as of" for a stale reading and why for an unknown one; nothing at all without usage', () => {
    assert.ok(
      labels(input(withReadings(reading({ status: 'stale', reason: 'HTTP 429' })))).includes(
        'Session 42 % · resets 14:05 (as of 08:59)',
      ),
    );
    const unknown = labels(
      input(
        withReadings(
          reading({
            status: 'unknown',
            reason: 'the usage endpoint is rate-limiting this token (HTTP 429)',
            windows: [],
          }),
        ),
      ),
    );
    assert.ok(unknown.includes('Usage unknown: the usage endpoint is rate-limiting this token (HTTP 429)'));
    const none = labels(input(fixtureReport(NOW)));
    assert.ok(!none.some((x) => /Usage|Session|Check usage/.test(x)));
  });

  it('groups the lines under each login when there are several', () => {
    const l = labels(
      input(
        withReadings(
          reading(),
          reading({
            fingerprint: 'sha256:bbbbbbbbbbbb',
            credentials: ['openclaw:ops/anthropic:own'],
            windows: [],
          }),
        ),
      ),
    );
    assert.deepEqual(l.slice(5, 10), [
      'Usage of claude-code',
      '    Session 42 % · resets 14:05',
      '    Week 63 % · resets Mon 09:00',
      'Usage of openclaw:ops/anthropic:own',
      '    No usage windows reported',
    ]);
  });

  it('puts the fullest window beside the macOS icon when asked to', () => {
    assert.equal(trayTitle(input(withReadings(reading()), { usageTitle: true })), '63%');
    assert.equal(trayTitle(input(withReadings(reading()), { usageTitle: false })), '');
    assert.equal(trayTitle(input(withReadings(reading()), { usageTitle: true, paused: true })), '');
    assert.equal(trayTitle(input(fixtureReport(NOW), { usageTitle: true })), '');
  });
});

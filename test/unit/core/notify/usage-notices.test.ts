import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusReport } from '../../../../main/core/health/report.ts';
import { fingerprintOf } from '../../../../main/core/kernel/secret.ts';
import {
  decideNotices,
  EMPTY_MEMORY,
  type Notice,
  type PolicyMemory,
} from '../../../../main/core/notify/notification-policy.ts';
import type { UsageReading } from '../../../../main/core/formats/usage-windows.ts';
import { fixtureReport } from '../../../fakes/fixture-report.ts';
import { ACCESS_TOKEN } from '../../../fakes/fixture-tokens.ts';

const T0 = Date.parse('2026-12-08T09:00:00Z');
const MIN = 60_000;
const H = 60 * MIN;
const FP = fingerprintOf(ACCESS_TOKEN);
const RESET = T0 + 3 * H + 17 * 1000;

/** The fixture report with one login's usage: the session at `percent`, resetting at `reset`. */
function at(
  now: number,
  percent: number | null,
  reset = RESET,
  status: UsageReading['status'] = 'ok',
): StatusReport {
  const reading: UsageReading = {
    fingerprint: FP,
    credentials: ['claude-code', 'openclaw:main/anthropic:default'],
    status,
    reason: status === 'ok' ? null : 'the usage endpoint is rate-limiting this token (HTTP 429)',
    fetchedAt: now,
    nextAt: now + 5 * MIN,
    windows:
      percent === null
        ? []
        : [{ id: 'five_hour', kind: 'session', label: 'Session', percent, resetsAt: reset }],
    extra: null,
  };
  return { ...fixtureReport(now), usage: { [FP]: reading } };
}

interface Step {
  readonly now: number;
  readonly report: StatusReport;
  readonly thresholds?: number[];
}

function run(steps: Step[], memory: PolicyMemory = EMPTY_MEMORY) {
  const out: Array<{ notices: Notice[]; resolved: Notice[] }> = [];
  let m = memory;
  for (const s of steps) {
    const r = decideNotices(m, {
      report: s.report,
      event: null,
      now: s.now,
      enabled: true,
      warnDays: [14, 3, 1],
      ...(s.thresholds ? { usageThresholds: s.thresholds } : {}),
    });
    m = r.memory;
    out.push({ notices: r.notices, resolved: r.resolved });
  }
  return out;
}

describe('usage thresholds in the notification policy', () => {
  it('notifies once at 80 %, escalates once at 95 % and at the wall, and resolves once when the window resets', () => {
    const steps = [
      { now: T0, report: at(T0, 40) },
      { now: T0 + 5 * MIN, report: at(T0 + 5 * MIN, 81) },
      { now: T0 + 10 * MIN, report: at(T0 + 10 * MIN, 85) },
      { now: T0 + 15 * MIN, report: at(T0 + 15 * MIN, 96) },
      { now: T0 + 20 * MIN, report: at(T0 + 20 * MIN, 100) },
      { now: RESET + 6 * MIN, report: at(RESET + 6 * MIN, 2, RESET + 5 * H) },
      { now: RESET + 11 * MIN, report: at(RESET + 11 * MIN, 3, RESET + 5 * H) },
    ];
    const r = run(steps);
    assert.deepEqual(
      r.map((x) => x.notices.map((n) => [n.title, n.level, n.escalated ?? false])),
      [
        [],
        [['Session 81 % used', 1, false]],
        [],
        [['Session 96 % used', 2, true]],
        [['Session limit reached', 3, true]],
        [],
        [],
      ],
    );
    assert.deepEqual(
      r.map((x) => x.resolved.length),
      [0, 0, 0, 0, 0, 1, 0],
    );
    const first = r[1]!.notices[0]!;
    assert.match(first.key, /^usage:claude-code\|five_hour\|\d+$/);
    assert.match(
      first.body,
      /^claude-code, openclaw:main\/anthropic:default: Session 81 % · resets (\w{3} )?\d\d:\d\d\.$/,
    );
    assert.deepEqual(first.target, { view: 'credentials', credential: 'claude-code' });
    assert.equal(first.subject?.fingerprint, FP);
    assert.match(r[5]!.resolved[0]!.body, /no longer past the usage thresholds/);
  });

  it('keeps the condition while the usage is unknown, and resolves by the clock once the reset passed', () => {
    const r = run([
      { now: T0, report: at(T0, 90) },
      { now: T0 + 30 * MIN, report: at(T0 + 30 * MIN, null, RESET, 'unknown') },
      { now: RESET - MIN, report: at(RESET - MIN, null, RESET, 'unknown') },
      { now: RESET + 6 * MIN, report: at(RESET + 6 * MIN, null, RESET, 'unknown') },
    ]);
    assert.deepEqual(
      r.map((x) => [x.notices.length, x.resolved.length]),
      [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 1],
      ],
    );
  });

  it('a new window past the threshold is a new condition, even without seeing the old one reset', () => {
    const r = run([
      { now: T0, report: at(T0, 90) },
      { now: RESET + 4 * H, report: at(RESET + 4 * H, 91, RESET + 5 * H) },
    ]);
    assert.equal(r[1]!.notices.length, 1, 'the next window notifies again');
    assert.equal(r[1]!.resolved.length, 1, 'and the old one is resolved');
  });

  it('a reading the endpoint sends with a reset a second off stays the same condition', () => {
    const r = run([
      { now: T0, report: at(T0, 90, RESET) },
      { now: T0 + 5 * MIN, report: at(T0 + 5 * MIN, 91, RESET + 900) },
      { now: T0 + 10 * MIN, report: at(T0 + 10 * MIN, 92, RESET - 900) },
    ]);
    assert.deepEqual(
      r.map((x) => x.notices.length + x.resolved.length),
      [1, 0, 0],
    );
  });

  it('uses the configured thresholds', () => {
    const r = run([{ now: T0, report: at(T0, 55), thresholds: [50, 75, 90] }]);
    assert.deepEqual(
      r[0]!.notices.map((n) => n.level),
      [1],
    );
    const high = run([{ now: T0, report: at(T0, 91), thresholds: [50, 75, 90] }]);
    assert.deepEqual(
      high[0]!.notices.map((n) => n.level),
      [3],
    );
  });

  it('says when the limit is reached and that requests are refused until the reset', () => {
    const [first] = run([{ now: T0, report: at(T0, 100) }]);
    assert.equal(first!.notices[0]!.title, 'Session limit reached');
    assert.match(first!.notices[0]!.body, /refused until the reset/);
  });
});

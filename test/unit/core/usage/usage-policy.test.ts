import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  afterAnswer,
  backoffMs,
  readingOf,
  usageDue,
  type UsageRecord,
} from '../../../../main/core/usage/usage-policy.ts';
import { usageBody, win } from '../../../fakes/fake-usage-api.ts';

const T0 = Date.parse('2026-12-08T09:00:00Z');
const MIN = 60_000;
const H = 60 * MIN;
const FP = 'sha256:0123456789ab';
const INTERVAL = 5 * MIN;
const body = JSON.stringify(usageBody({ session: win(42, T0 + 3 * H), week: win(63, T0 + 90 * H) }));

describe('usage policy: when to read and what an answer means', () => {
  it('reads a token never read, and then not again within the interval', () => {
    assert.equal(usageDue(null, T0, INTERVAL).due, true);
    const r = afterAnswer(FP, null, { kind: 'ok', body }, T0, INTERVAL);
    assert.equal(usageDue(r, T0 + 4 * MIN, INTERVAL).due, false);
    assert.equal(usageDue(r, T0 + 4 * MIN, INTERVAL).at, T0 + INTERVAL);
    assert.equal(usageDue(r, T0 + 5 * MIN, INTERVAL).due, true);
    assert.equal(usageDue(r, T0 + MIN, INTERVAL, true).due, true, 'on demand reads at once');
  });

  it('backs off a 429 for at least 15 minutes even when retry-after says 0, doubling to 6 h', () => {
    let r: UsageRecord | null = null;
    const waits: number[] = [];
    let t = T0;
    for (let i = 0; i < 7; i++) {
      r = afterAnswer(FP, r, { kind: 'rate-limited', retryAfterMs: 0, detail: '429' }, t, INTERVAL);
      waits.push((r.retryAt ?? 0) - t);
      t = r.retryAt ?? t;
    }
    assert.deepEqual(
      waits.map((w) => w / MIN),
      [15, 30, 60, 120, 240, 360, 360],
    );
    assert.equal(backoffMs('rate-limited', 1, INTERVAL, 40 * MIN), 40 * MIN, 'a longer retry-after wins');
  });

  it('keeps the last good windows through a failure and calls them stale, with the reason', () => {
    const good = afterAnswer(FP, null, { kind: 'ok', body }, T0, INTERVAL);
    const failed = afterAnswer(
      FP,
      good,
      { kind: 'unavailable', detail: 'no answer' },
      T0 + 6 * MIN,
      INTERVAL,
    );
    const reading = readingOf(FP, ['claude-code'], failed, T0 + 7 * MIN, INTERVAL);
    assert.equal(reading.status, 'stale');
    assert.equal(reading.reason, 'no answer');
    assert.equal(reading.fetchedAt, T0);
    assert.deepEqual(
      reading.windows.map((w) => w.percent),
      [42, 63],
    );
  });

  it('drops a window from a reading once its reset time has passed', () => {
    const good = afterAnswer(FP, null, { kind: 'ok', body }, T0, INTERVAL);
    const reading = readingOf(FP, [], good, T0 + 3 * H + 1, INTERVAL);
    assert.deepEqual(
      reading.windows.map((w) => w.id),
      ['seven_day'],
    );
    assert.equal(reading.status, 'stale', 'three hours without a read is no longer current');
  });

  it('says unknown, never an error, when nothing usable was ever read', () => {
    const r = afterAnswer(FP, null, { kind: 'ok', body: '{"error":{"type":"x"}}' }, T0, INTERVAL);
    assert.equal(r.failure?.kind, 'unknown-shape');
    const reading = readingOf(FP, [], r, T0, INTERVAL);
    assert.equal(reading.status, 'unknown');
    assert.match(reading.reason ?? '', /error instead of usage/);
    assert.deepEqual(reading.windows, []);
    assert.equal(readingOf(FP, [], null, T0, INTERVAL).reason, 'not read yet');
  });

  it('waits 6 hours after a 401 for the same token', () => {
    const r = afterAnswer(FP, null, { kind: 'rejected', status: 401, detail: 'HTTP 401' }, T0, INTERVAL);
    assert.equal(r.retryAt, T0 + 6 * H);
    assert.equal(usageDue(r, T0 + 5 * H, INTERVAL).due, false);
  });
});

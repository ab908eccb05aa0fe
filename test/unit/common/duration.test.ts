import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeExpiry, formatDuration, formatTime } from '../../../common/duration.ts';

describe('duration words (shared by tray, CLI and window)', () => {
  it('names the two largest units', () => {
    const M = 60_000;
    const H = 60 * M;
    const D = 24 * H;
    const table: Array<[number, string]> = [
      [0, '< 1 m'],
      [59_999, '< 1 m'],
      [M, '1 m'],
      [H - 1, '59 m'],
      [H, '1 h'],
      [5 * H + 12 * M, '5 h 12 m'],
      [D, '1 d'],
      [3 * D + 4 * H + 5 * M, '3 d 4 h'],
      [-90_000, '1 m'],
    ];
    for (const [ms, words] of table) assert.equal(formatDuration(ms), words, `${ms} ms`);
  });

  it('describes an expiry in the future, the past and never', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    assert.equal(describeExpiry(now + 2 * 3_600_000, now), 'expires in 2 h');
    assert.equal(describeExpiry(now - 86_400_000, now), 'expired 1 d ago');
    assert.equal(describeExpiry(null, now), 'never expires');
  });

  it('gives a clock time today and a date on other days', () => {
    const now = new Date(2026, 2, 2, 9, 0).getTime();
    assert.match(formatTime(new Date(2026, 2, 2, 14, 3).getTime(), now), /^14:03$/);
    assert.match(formatTime(new Date(2026, 2, 5, 14, 3).getTime(), now), /^5 Mar 14:03$/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as core from '../../../main/core/duration.ts';
import * as win from '../../../renderer/format.ts';

describe('renderer duration words', () => {
  it('agree with the core (and so with the tray and the CLI)', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    for (const ms of [
      0,
      59_999,
      60_000,
      3_599_999,
      3_600_000,
      5 * 3_600_000 + 12 * 60_000,
      86_400_000,
      200 * 86_400_000 + 1,
      -90_000,
    ]) {
      assert.equal(win.formatDuration(ms), core.formatDuration(ms));
      assert.equal(win.describeExpiry(now + ms, now), core.describeExpiry(now + ms, now));
    }
    assert.equal(win.describeExpiry(null, now), core.describeExpiry(null, now));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUsageBody, resetTime } from '../../../../main/core/formats/usage-response.ts';
import { limitRow, usageBody, win } from '../../../fakes/fake-usage-api.ts';

const T0 = Date.parse('2026-12-08T09:00:00Z');
const H = 3_600_000;

const ok = (doc: unknown) => {
  const r = parseUsageBody(typeof doc === 'string' ? doc : JSON.stringify(doc));
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.snapshot;
};

describe('usage body: the shapes Claude Code parses', () => {
  it('reads the 2.1.197 windows: session, week and the per-model week, in that order', () => {
    const s = ok(
      usageBody({
        sonnet: win(12, T0 + 100 * H),
        week: win(63.5, T0 + 120 * H),
        session: win(42, T0 + 5 * H),
      }),
    );
    assert.deepEqual(
      s.windows.map((w) => [w.id, w.kind, w.label, w.percent, w.resetsAt]),
      [
        ['five_hour', 'session', 'Session', 42, T0 + 5 * H],
        ['seven_day', 'weekly', 'Week', 63.5, T0 + 120 * H],
        ['seven_day_sonnet', 'weekly-scoped', 'Week (Sonnet)', 12, T0 + 100 * H],
      ],
    );
    assert.deepEqual(s.extra, {
      enabled: false,
      monthlyLimit: null,
      usedCredits: null,
      percent: null,
      currency: null,
      disabledReason: null,
    });
  });

  it('leaves out a window that is null or whose utilization is null, as /usage does', () => {
    const s = ok(usageBody({ session: win(null, T0 + H), week: win(5, T0 + 9 * H) }));
    assert.deepEqual(
      s.windows.map((w) => w.id),
      ['seven_day'],
    );
  });

  it('adds 2.1.332 limits[] rows: a model-scoped week, and the session only when five_hour is missing', () => {
    const s = ok({
      seven_day: win(30, T0 + 50 * H),
      seven_day_sonnet: win(10, T0 + 50 * H),
      limits: [
        limitRow('session', 77, T0 + 2 * H),
        limitRow('weekly_all', 99, T0 + 50 * H),
        limitRow('weekly_scoped', 71, T0 + 60 * H, 'Fable'),
        limitRow('weekly_scoped', 11, T0 + 60 * H, 'Sonnet'),
      ],
    });
    assert.deepEqual(
      s.windows.map((w) => [w.id, w.label, w.percent]),
      [
        ['five_hour', 'Session', 77],
        ['seven_day', 'Week', 30],
        ['seven_day_sonnet', 'Week (Sonnet)', 10],
        ['scoped:fable', 'Week (Fable)', 71],
      ],
    );
  });

  it('ignores fields it does not know and malformed windows, keeping the rest', () => {
    const s = ok(
      usageBody({
        session: win(42, T0 + H),
        week: { utilization: 'lots', resets_at: 'soon' } as never,
        more: { brand_new_field: { x: 1 }, cinder_cove: { utilization: 3, resets_at: null } },
      }),
    );
    assert.deepEqual(
      s.windows.map((w) => w.id),
      ['five_hour'],
    );
  });

  it('reads extra usage (overage) with its currency and why it is off', () => {
    const s = ok(
      usageBody({
        extra: {
          is_enabled: true,
          monthly_limit: 5000,
          used_credits: 1250,
          utilization: 25,
          currency: 'USD',
          disabled_reason: null,
        },
      }),
    );
    assert.deepEqual(s.extra, {
      enabled: true,
      monthlyLimit: 5000,
      usedCredits: 1250,
      percent: 25,
      currency: 'USD',
      disabledReason: null,
    });
  });

  it('calls an error envelope, a bare object or something not JSON "not usage", with a reason', () => {
    for (const [body, why] of [
      [{ error: { type: 'rate_limit_error', message: 'Rate limited' } }, /error instead of usage/],
      [{ hello: 1 }, /unknown shape/],
      ['[1,2]', /unexpected shape/],
      ['<html>', /not JSON/],
    ] as const) {
      const r = parseUsageBody(typeof body === 'string' ? body : JSON.stringify(body));
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, why);
    }
  });

  it('reads reset times as ISO strings, epoch seconds or epoch milliseconds', () => {
    assert.equal(resetTime('2026-12-08T14:05:00+00:00'), Date.parse('2026-12-08T14:05:00Z'));
    assert.equal(resetTime(1_796_000_000), 1_796_000_000_000);
    assert.equal(resetTime(1_796_000_000_000), 1_796_000_000_000);
    assert.equal(resetTime('not a date'), null);
    assert.equal(resetTime(null), null);
  });
});

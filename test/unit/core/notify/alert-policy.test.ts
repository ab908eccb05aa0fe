import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideNotices,
  EMPTY_MEMORY,
  type PolicyMemory,
} from '../../../../main/core/notify/notification-policy.ts';
import { inQuietHours, quietEndsAt } from '../../../../main/core/notify/quiet-hours.ts';
import type { StatusReport } from '../../../../main/core/health/report.ts';
import type { KeeperEvent } from '../../../../main/core/contracts.ts';
import { fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const MANUAL = 'openclaw:main/anthropic:manual';

type Step = { at: number; report?: StatusReport | null; event?: KeeperEvent | null; quiet?: boolean };

/** Runs steps through the one policy; returns per step what went out: `key@level`, `resolved:key`. */
function run(steps: Step[], memory: PolicyMemory = EMPTY_MEMORY): { out: string[][]; memory: PolicyMemory } {
  const out: string[][] = [];
  let m = memory;
  for (const s of steps) {
    const r = decideNotices(m, {
      report: s.report ?? null,
      event: s.event ?? null,
      now: s.at,
      enabled: true,
      warnDays: [14, 3, 1],
      quiet: s.quiet ?? false,
    });
    m = r.memory;
    out.push([
      ...r.resolved.map((n) => `resolved:${n.key}`),
      ...r.notices.map((n) => `${n.key}@${n.level}${n.escalated ? '+' : ''}`),
    ]);
  }
  return { out, memory: m };
}

const rejected = (at: number): KeeperEvent => ({
  type: 'needs-reauth',
  at,
  credential: 'claude-code',
  reason: 'the refresh token was rejected (invalid_grant)',
  hint: 'Run `claude` and type /login to sign in again',
  cause: 'refresh-rejected',
});
/** Claude's login as the report shows it after a rejection: still "ok" until its token expires. */
const login = (at: number, expiresAt: number, fingerprint = 'sha256:aaaaaaaaaaaa') =>
  withCredential(fixtureReport(at), 'claude-code', { expiresAt, fingerprint });
const expiringIn = (days: number, at: number) =>
  withCredential(fixtureReport(at), MANUAL, { expiresAt: at + days * D });

describe('notification policy for alerts: escalation, resolved, quiet hours', () => {
  const table: Array<{ name: string; steps: Step[]; out: string[][] }> = [
    {
      name: 'a rejected login warns while its token works, escalates once when it expires, resolves on a new login',
      steps: [
        { at: T0, report: login(T0 - 1, T0 + 2 * H), event: rejected(T0) },
        { at: T0 + 1, report: login(T0 + 1, T0 + 2 * H) },
        { at: T0 + 2, report: login(T0 + 1, T0 + 2 * H), event: rejected(T0 + 2) },
        { at: T0 + 3 * H, report: login(T0 + 3 * H, T0 + 2 * H) },
        { at: T0 + 4 * H, report: login(T0 + 4 * H, T0 + 2 * H), event: rejected(T0 + 4 * H) },
        { at: T0 + 5 * H, report: login(T0 + 5 * H, T0 + 13 * H, 'sha256:bbbbbbbbbbbb') },
        { at: T0 + 6 * H, report: login(T0 + 6 * H, T0 + 13 * H, 'sha256:bbbbbbbbbbbb') },
      ],
      out: [
        ['reauth:claude-code@2'],
        [],
        [],
        ['reauth:claude-code@3+'],
        [],
        ['resolved:reauth:claude-code'],
        [],
      ],
    },
    {
      name: 'the same token still being reported is not "resolved"; a successful refresh is',
      steps: [
        { at: T0, report: login(T0 - 1, T0 + 2 * H), event: rejected(T0) },
        { at: T0 + 1, report: login(T0 + 1, T0 + 2 * H) },
        {
          at: T0 + 2,
          report: login(T0 + 1, T0 + 2 * H),
          event: {
            type: 'refreshed',
            at: T0 + 2,
            credential: 'claude-code',
            fingerprint: 'sha256:c',
            expiresAt: T0 + 8 * H,
          },
        },
      ],
      out: [['reauth:claude-code@2'], [], ['resolved:reauth:claude-code']],
    },
    {
      name: 'a setup-token escalates 14 → 3 → 1 days and is resolved once replaced',
      steps: [
        { at: T0, report: expiringIn(10, T0) },
        { at: T0 + 1, report: expiringIn(9, T0 + 1) },
        { at: T0 + 2, report: expiringIn(2, T0 + 2) },
        { at: T0 + 3, report: expiringIn(200, T0 + 3) },
        { at: T0 + 4, report: expiringIn(200, T0 + 4) },
      ],
      out: [[`expiring:${MANUAL}@1`], [], [`expiring:${MANUAL}@2+`], [`resolved:expiring:${MANUAL}`], []],
    },
    {
      name: 'quiet hours hold the alert and the resolved message until they end',
      steps: [
        { at: T0, report: expiringIn(2, T0), quiet: true },
        { at: T0 + 1, report: expiringIn(2, T0 + 1), quiet: true },
        { at: T0 + 2, report: expiringIn(2, T0 + 2) },
        { at: T0 + 3, report: expiringIn(200, T0 + 3), quiet: true },
        { at: T0 + 4, report: expiringIn(200, T0 + 4) },
      ],
      out: [[], [], [`expiring:${MANUAL}@2`], [], [`resolved:expiring:${MANUAL}`]],
    },
    {
      name: 'a condition that comes and goes within quiet hours is never sent at all',
      steps: [
        { at: T0, report: expiringIn(2, T0), quiet: true },
        { at: T0 + 1, report: expiringIn(200, T0 + 1), quiet: true },
        { at: T0 + 2, report: expiringIn(200, T0 + 2) },
      ],
      out: [[], [], []],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      assert.deepEqual(run(t.steps).out, t.out);
    });

  it('carries what the alert body needs: credential, state, reason, hint, fingerprint', () => {
    const r = decideNotices(EMPTY_MEMORY, {
      report: login(T0 - 1, T0 + 2 * H),
      event: rejected(T0),
      now: T0,
      enabled: true,
      warnDays: [],
    });
    assert.deepEqual(r.notices[0]?.subject, {
      credential: 'claude-code',
      state: 'needs-reauth',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'Run `claude` and type /login to sign in again',
      fingerprint: 'sha256:aaaaaaaaaaaa',
    });
    assert.match(r.notices[0]?.body ?? '', /keeps working for 2 h/);
  });

  it('survives a round trip through JSON (the daemon keeps its memory in the data dir)', () => {
    const first = run([{ at: T0, report: login(T0 - 1, T0 + 2 * H), event: rejected(T0) }]);
    const stored = JSON.parse(JSON.stringify(first.memory)) as PolicyMemory;
    const again = run(
      [{ at: T0 + 10, report: login(T0 + 10, T0 + 2 * H), event: rejected(T0 + 10) }],
      stored,
    );
    assert.deepEqual(again.out, [[]]);
  });
});

describe('quiet hours', () => {
  const q = { from: '22:00', to: '07:00', timeZone: 'UTC' };
  const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00Z`);
  const table: Array<[string, boolean]> = [
    ['21:59', false],
    ['22:00', true],
    ['03:00', true],
    ['06:59', true],
    ['07:00', false],
    ['12:00', false],
  ];
  for (const [t, quiet] of table)
    it(`${t} UTC is ${quiet ? '' : 'not '}quiet for 22:00–07:00`, () =>
      assert.equal(inQuietHours(at(t), q), quiet));

  it('ends at the "to" minute, in the configured zone', () => {
    assert.equal(quietEndsAt(at('03:30'), q), at('07:00'));
    assert.equal(quietEndsAt(at('12:00'), q), null);
    // 08:00 UTC is 09:00 in Berlin (winter): inside 08:30–10:00 there, over at 09:00 UTC
    const berlin = { from: '08:30', to: '10:00', timeZone: 'Europe/Berlin' };
    assert.equal(inQuietHours(at('08:00'), berlin), true);
    assert.equal(quietEndsAt(at('08:00'), berlin), at('09:00'));
  });

  it('a window within one day works too, and an empty one is never quiet', () => {
    assert.equal(inQuietHours(at('13:00'), { from: '12:00', to: '14:00', timeZone: 'UTC' }), true);
    assert.equal(inQuietHours(at('15:00'), { from: '12:00', to: '14:00', timeZone: 'UTC' }), false);
    assert.equal(inQuietHours(at('12:00'), { from: '12:00', to: '12:00', timeZone: 'UTC' }), false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeeperEvent } from '../../../../main/core/contracts.ts';
import type { StatusReport } from '../../../../main/core/health/report.ts';
import {
  decideNotices,
  EMPTY_MEMORY,
  snooze,
  type PolicyMemory,
} from '../../../../main/core/notify/notification-policy.ts';
import { fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';
import { REFRESH_TOKEN, leakedTokens } from '../../../fakes/fixture-tokens.ts';

const D = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const MANUAL = 'openclaw:main/anthropic:manual';

type Step = {
  at: number;
  report?: StatusReport | null;
  event?: KeeperEvent | null;
  enabled?: boolean;
  /** the report is what a keeper pass ended with */
  pass?: boolean;
};

/** Runs steps through the policy and returns the keys notified at each step. */
function run(steps: Step[], memory: PolicyMemory = EMPTY_MEMORY): { keys: string[][]; memory: PolicyMemory } {
  const keys: string[][] = [];
  let m = memory;
  for (const s of steps) {
    const r = decideNotices(m, {
      report: s.report ?? null,
      event: s.event ?? null,
      now: s.at,
      enabled: s.enabled ?? true,
      warnDays: [14, 3, 1],
      ...(s.pass !== undefined ? { pass: s.pass } : {}),
    });
    m = r.memory;
    keys.push(r.notices.map((n) => `${n.key}@${n.level}`));
  }
  return { keys, memory: m };
}
const expiringIn = (days: number, at: number) =>
  withCredential(fixtureReport(at), MANUAL, { expiresAt: at + days * D });
const reauth = (at: number): KeeperEvent => ({
  type: 'needs-reauth',
  at,
  credential: 'claude-code',
  reason: 'invalid_grant',
  hint: 'claude /login',
  cause: 'refresh-rejected',
});
const failed = (attempt: number, at: number): KeeperEvent => ({
  type: 'refresh-failed',
  at,
  credential: 'claude-code',
  error: `HTTP 500 while sending ${REFRESH_TOKEN}`,
  retryable: true,
  attempt,
  nextAttemptAt: at + 60_000,
});

describe('notification policy', () => {
  it('warns about a setup-token at 14 d, 3 d and 1 d, once each', () => {
    const days = [20, 13.9, 13, 5, 2.9, 2, 0.9, 0.5];
    const { keys } = run(days.map((d, i) => ({ at: T0 + i, report: expiringIn(d, T0 + i) })));
    assert.deepEqual(keys, [
      [],
      [`expiring:${MANUAL}@1`],
      [],
      [],
      [`expiring:${MANUAL}@2`],
      [],
      [`expiring:${MANUAL}@3`],
      [],
    ]);
  });

  it('jumps straight to the highest level when first seen late, and never steps back down', () => {
    const { keys } = run([
      { at: T0, report: expiringIn(0.5, T0) },
      { at: T0 + 1, report: expiringIn(10, T0 + 1) },
    ]);
    assert.deepEqual(keys, [[`expiring:${MANUAL}@3`], []]);
  });

  it('notifies re-auth once for the event and the reports that follow, and again after a recovery', () => {
    const broken = (at: number) =>
      withCredential(fixtureReport(at), 'claude-code', { state: 'needs-reauth', hint: 'claude /login' });
    const { keys } = run([
      { at: T0, event: reauth(T0) },
      { at: T0 + 1, report: broken(T0 + 1) },
      { at: T0 + 2, event: reauth(T0 + 2), report: broken(T0 + 2) },
      { at: T0 + 3, report: fixtureReport(T0 + 3) },
      { at: T0 + 4, event: reauth(T0 + 4) },
    ]);
    assert.deepEqual(keys, [['reauth:claude-code@3'], [], [], [], ['reauth:claude-code@3']]);
  });

  it('opens the fix with the command for a login, the paste dialog for a setup-token', () => {
    const r = decideNotices(EMPTY_MEMORY, {
      report: null,
      event: reauth(T0),
      now: T0,
      enabled: true,
      warnDays: [14],
    });
    assert.deepEqual(r.notices[0]?.target, {
      view: 'fix',
      credential: 'claude-code',
      command: 'claude /login',
      reason: 'invalid_grant',
    });
    const expired = withCredential(fixtureReport(T0), MANUAL, { state: 'expired', expiresAt: T0 - D });
    const s = decideNotices(EMPTY_MEMORY, {
      report: expired,
      event: null,
      now: T0,
      enabled: true,
      warnDays: [14],
    });
    assert.deepEqual(
      s.notices.map((n) => [n.title, n.target]),
      [['Setup-token needs replacing', { view: 'paste', credential: MANUAL }]],
    );
  });

  it('reports a refresh failing from the third attempt, once per streak, without the token', () => {
    const r = decideNotices(EMPTY_MEMORY, {
      report: null,
      event: failed(3, T0),
      now: T0,
      enabled: true,
      warnDays: [],
    });
    assert.deepEqual(leakedTokens(`${r.notices[0]?.title} ${r.notices[0]?.body}`), []);
    const { keys } = run([
      { at: T0, event: failed(1, T0) },
      { at: T0 + 1, event: failed(2, T0 + 1) },
      { at: T0 + 2, event: failed(3, T0 + 2) },
      { at: T0 + 3, event: failed(4, T0 + 3) },
      {
        at: T0 + 4,
        event: {
          type: 'refreshed',
          at: T0 + 4,
          credential: 'claude-code',
          fingerprint: 'sha256:x',
          expiresAt: T0 + D,
        },
      },
      { at: T0 + 5, event: failed(3, T0 + 5) },
    ]);
    assert.deepEqual(keys, [
      [],
      [],
      ['refresh-failing:claude-code@1'],
      [],
      [],
      ['refresh-failing:claude-code@1'],
    ]);
  });

  it('notifies each new doctor finding once, when a second pass still finds it', () => {
    const f = {
      check: 'mode-type-mismatch',
      severity: 'error' as const,
      message: 'm',
      impact: 'i',
      hint: 'h',
      files: ['/x'],
      credentials: [MANUAL],
    };
    const withF = (at: number, fs = [f]) => ({ ...fixtureReport(at), findings: fs });
    const both = (at: number) => withF(at, [f, { ...f, check: 'env-shadows-store', credentials: [] }]);
    const { keys } = run([
      { at: T0, report: withF(T0), pass: true },
      { at: T0 + 1, report: withF(T0 + 1), pass: true },
      { at: T0 + 2, report: withF(T0 + 2), pass: true },
      { at: T0 + 3, report: both(T0 + 3), pass: true },
      { at: T0 + 4, report: both(T0 + 4), pass: false },
      { at: T0 + 5, report: both(T0 + 5), pass: true },
    ]);
    assert.deepEqual(keys, [
      [],
      [`finding:mode-type-mismatch:${MANUAL}@1`],
      [],
      [],
      [],
      ['finding:env-shadows-store:/x@1'],
    ]);
  });

  it('stays silent while snoozed and notifies again after the snooze if still true', () => {
    const first = run([{ at: T0, report: expiringIn(2, T0) }]);
    const snoozed = snooze(first.memory, `expiring:${MANUAL}`, T0 + D);
    const { keys } = run(
      [
        { at: T0 + 1000, report: expiringIn(1.9, T0 + 1000) },
        { at: T0 + D + 1, report: expiringIn(0.9, T0 + D + 1) },
      ],
      snoozed,
    );
    assert.deepEqual(keys, [[], [`expiring:${MANUAL}@3`]]);
  });

  it('shows nothing when notifications are off', () => {
    assert.deepEqual(run([{ at: T0, event: reauth(T0), enabled: false }]).keys, [[]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialReport, StatusReport } from '../../../../main/core/health/report.ts';
import {
  backoffMs,
  nextCheck,
  isRefreshDue,
  refreshDueAt,
} from '../../../../main/core/keeper/refresh-policy.ts';
import { DEFAULT_SETTINGS } from '../../../../main/core/settings/settings.ts';
import { setEnvVar } from '../../../../main/core/keeper/sync.ts';

const H = 3_600_000;
const now = 1_000_000_000_000;

function report(creds: Array<Partial<CredentialReport>>): StatusReport {
  return {
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst: 'ok',
    exitCode: 0,
    findings: [],
    installs: [],
    routes: [],
    notes: [],
    credentials: creds.map(
      (c) => ({ id: 'x', refreshable: false, expiresAt: null, ...c }) as CredentialReport,
    ),
  };
}

const nextCheckAt = (r: StatusReport, st: typeof DEFAULT_SETTINGS, n: number, extra: number[] = []) =>
  nextCheck(r, st, n, extra[0] ?? null).at;

describe('nextCheck', () => {
  it('wakes up one lead time before Claude Code’s login expires', () => {
    const r = report([{ id: 'claude-code', refreshable: true, expiresAt: now + 1.5 * H }]);
    assert.equal(nextCheckAt(r, DEFAULT_SETTINGS, now), now + 0.5 * H);
  });

  it('never sleeps longer than the cap', () => {
    const r = report([{ id: 'claude-code', refreshable: true, expiresAt: now + 30 * H }]);
    assert.equal(nextCheckAt(r, DEFAULT_SETTINGS, now), now + 60 * 60_000);
  });

  it('looks again when a static token enters its warn window or expires', () => {
    const r = report([
      { id: 'openclaw:main/anthropic:manual', expiresAt: now + 3 * 86_400_000 + 20 * 60_000 },
    ]);
    assert.equal(nextCheckAt(r, DEFAULT_SETTINGS, now), now + 20 * 60_000);
  });

  it('honours a retry time and a minimum delay', () => {
    const r = report([{ id: 'claude-code', refreshable: true, expiresAt: now - H }]);
    assert.equal(nextCheckAt(r, DEFAULT_SETTINGS, now, [now + 90_000]), now + 1000);
    assert.equal(nextCheckAt(report([]), DEFAULT_SETTINGS, now, [now + 90_000]), now + 90_000);
  });

  it('ignores Claude’s expiry when refreshing is off', () => {
    const off = { ...DEFAULT_SETTINGS, refresh: { ...DEFAULT_SETTINGS.refresh, strategy: 'off' as const } };
    const r = report([{ id: 'claude-code', refreshable: true, expiresAt: now + 2 * H }]);
    assert.equal(nextCheckAt(r, off, now), now + H);
  });
});

describe('the one "is due" rule', () => {
  it('is due from exactly one lead time before expiry, and when forced', () => {
    const lead = H;
    const exp = now + 3 * H;
    assert.equal(refreshDueAt(exp, lead), now + 2 * H);
    assert.equal(isRefreshDue(exp, now + 2 * H - 1, lead), false);
    assert.equal(isRefreshDue(exp, now + 2 * H, lead), true);
    assert.equal(isRefreshDue(exp, now, lead, true), true);
  });

  it('says why the keeper looks again', () => {
    const due = report([{ id: 'claude-code', refreshable: true, expiresAt: now + 1.5 * H }]);
    assert.deepEqual(nextCheck(due, DEFAULT_SETTINGS, now), {
      at: now + 0.5 * H,
      reason: 'refresh-due',
      credential: 'claude-code',
    });
    assert.equal(nextCheck(report([]), DEFAULT_SETTINGS, now).reason, 'cap');
    assert.equal(nextCheck(report([]), DEFAULT_SETTINGS, now, now + 5000).reason, 'retry');
    const soon = report([{ id: 't', expiresAt: now + 30 * 60_000 }]);
    assert.equal(nextCheck(soon, DEFAULT_SETTINGS, now).reason, 'expiry');
    const days = report([{ id: 't', expiresAt: now + 3 * 86_400_000 + 20 * 60_000 }]);
    assert.equal(nextCheck(days, DEFAULT_SETTINGS, now).reason, 'warn-window');
  });
});

describe('backoffMs', () => {
  it('doubles with the attempt, stays within [half, full] of the step, and is capped', () => {
    const at = (attempt: number, r: number) => backoffMs(attempt, 1000, 60_000, () => r);
    assert.equal(at(1, 0), 500);
    assert.equal(at(1, 1), 1000);
    assert.equal(at(3, 1), 4000);
    assert.equal(at(20, 1), 60_000);
  });

  it('waits at least as long as Retry-After asks', () => {
    assert.equal(
      backoffMs(1, 1000, 60_000, () => 0, 30_000),
      30_000,
    );
  });
});

describe('setEnvVar', () => {
  it('replaces the value in place, keeping comments, order, export and quotes', () => {
    const text = '# gateway env\nFOO=1\nexport ANTHROPIC_OAUTH_TOKEN="old"\nBAR=2\n';
    assert.equal(
      setEnvVar(text, 'ANTHROPIC_OAUTH_TOKEN', 'new'),
      '# gateway env\nFOO=1\nexport ANTHROPIC_OAUTH_TOKEN="new"\nBAR=2\n',
    );
  });

  it('appends when missing and reports no change when equal', () => {
    assert.equal(setEnvVar('FOO=1\n', 'T', 'v'), 'FOO=1\nT=v\n');
    assert.equal(setEnvVar('', 'T', 'v'), 'T=v\n');
    assert.equal(setEnvVar('T=v\n', 'T', 'v'), false);
  });

  it('drops a later duplicate that would override the value', () => {
    assert.equal(setEnvVar('T=a\nX=1\nT=b\n', 'T', 'c'), 'T=c\nX=1\n');
  });
});

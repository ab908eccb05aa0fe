import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideNotices, EMPTY_MEMORY } from '../../../../main/core/notify/notification-policy.ts';
import { stateWords } from '../../../../common/state-words.ts';
import { trayMenu, trayTooltip } from '../../../../main/shell/tray-menu.ts';
import { fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const MANUAL = 'openclaw:main/anthropic:manual';
const record = (reason: string) => ({
  errorCount: 1,
  failureCounts: { [reason]: 1 },
  lastFailureAt: T0 - 60_000,
  lastUsed: null,
  unusableUntil: T0 + 65 * 60_000,
  unusableKind: 'cooldown' as const,
  unusableReason: reason,
});

describe('state words: an OpenClaw cooldown is told apart from needs-reauth', () => {
  it('says "rate-limited until" for a rate-limit cooldown, in the tray and a notification', () => {
    const r = withCredential(fixtureReport(T0), MANUAL, {
      state: 'blocked',
      reason: 'OpenClaw does not use it now',
      hint: 'Nothing to do',
      openclaw: record('rate_limit'),
    });
    const c = r.credentials.find((x) => x.id === MANUAL)!;
    assert.match(stateWords(c, T0), /^rate-limited until \d\d:\d\d$/);
    const row = trayMenu({ report: r, paused: false, now: T0, startAtLogin: false }).find(
      (i) => i.id === `cred:${MANUAL}`,
    );
    assert.match(row?.label ?? '', /rate-limited until/);
    assert.match(
      trayTooltip({ report: r, paused: false, now: T0, startAtLogin: false }),
      /rate-limited until|ok/,
    );
    const { notices } = decideNotices(EMPTY_MEMORY, {
      report: r,
      event: null,
      now: T0,
      enabled: true,
      warnDays: [],
    });
    const n = notices.find((x) => x.key.startsWith('blocked:'));
    assert.ok(n);
    assert.match(n.title, /rate-limited until/);
    assert.ok(!notices.some((x) => x.key === `reauth:${MANUAL}`));
  });

  it('a needs-reauth credential is a re-auth notice, not a cooldown', () => {
    const r = withCredential(fixtureReport(T0), MANUAL, {
      state: 'needs-reauth',
      reason: 'Anthropic rejects this token',
      hint: 'Run `claude setup-token`, then `clawkeeper paste-token`',
      openclaw: record('auth'),
      // what the verdict rests on: OpenClaw's own records (settled: told at once)
      evidence: ['openclaw-records'],
    });
    const c = r.credentials.find((x) => x.id === MANUAL)!;
    assert.equal(stateWords(c, T0), 'needs-reauth');
    const { notices } = decideNotices(EMPTY_MEMORY, {
      report: r,
      event: null,
      now: T0,
      enabled: true,
      warnDays: [],
    });
    assert.ok(notices.some((x) => x.key === `reauth:${MANUAL}`));
    assert.ok(!notices.some((x) => x.key.startsWith('blocked:')));
  });
});

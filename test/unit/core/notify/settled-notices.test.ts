/**
 * The policy's rule for an alert only for what is wrong: a judgment on unsettled evidence is
 * told once two passes in a row found it; settled evidence is told at once; every condition told
 * is resolved, also when its credential is gone or no longer sent; an event mid-pass is context,
 * never a judgment of its report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeeperEvent } from '../../../../main/core/contracts.ts';
import type { CredentialReport, StatusReport } from '../../../../main/core/health/report.ts';
import {
  decideNotices,
  EMPTY_MEMORY,
  type PolicyMemory,
} from '../../../../main/core/notify/notification-policy.ts';
import { credential, fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const COPY = 'openclaw:main/anthropic:default';
const MANUAL = 'openclaw:main/anthropic:manual';

type Step = { at: number; report: StatusReport | null; event?: KeeperEvent | null; pass?: boolean };

/** Each step's output: `key@level` for a notice, `resolved:key`. */
function run(steps: Step[], memory: PolicyMemory = EMPTY_MEMORY) {
  const out: string[][] = [];
  const bodies: string[] = [];
  let m = memory;
  for (const s of steps) {
    const r = decideNotices(m, {
      report: s.report,
      event: s.event ?? null,
      now: s.at,
      enabled: true,
      warnDays: [14, 3, 1],
      ...(s.pass !== undefined ? { pass: s.pass } : {}),
    });
    m = r.memory;
    bodies.push(...r.resolved.map((n) => n.body));
    out.push([...r.resolved.map((n) => `resolved:${n.key}`), ...r.notices.map((n) => `${n.key}@${n.level}`)]);
  }
  return { out, memory: m, bodies };
}

const status = (report: StatusReport): KeeperEvent => ({ type: 'status', at: report.generatedAt, report });
const at = (t: number, over: Record<string, Partial<CredentialReport>> = {}) => {
  let r = fixtureReport(t);
  for (const [id, o] of Object.entries(over)) r = withCredential(r, id, o);
  return r;
};
/** A pass's end: the keeper's status event with its report. */
const pass = (r: StatusReport): Step => ({ at: r.generatedAt, report: r, event: status(r) });
const expiredCopy = {
  state: 'expired' as const,
  reason: 'copy expired',
  kind: 'token' as const,
  expiresAt: T0 - H,
};

describe('a judgment notifies once two passes in a row found it', () => {
  it('an expired copy of the login that the next pass finds renewed never notifies, and is never "resolved"', () => {
    const { out, memory } = run([pass(at(T0, { [COPY]: expiredCopy })), pass(at(T0 + 1000))]);
    assert.deepEqual(out, [[], []]);
    assert.deepEqual(memory.pending, {}, 'nothing left waiting');
  });

  it('one that holds at the next pass notifies then, once', () => {
    const { out } = run([
      pass(at(T0, { [COPY]: expiredCopy })),
      pass(at(T0 + 30_000, { [COPY]: expiredCopy })),
      pass(at(T0 + 60_000, { [COPY]: expiredCopy })),
    ]);
    assert.deepEqual(out, [[], [`reauth:${COPY}@3`], []]);
  });

  it('the same report looked at twice (a timer, another event) is not a second pass', () => {
    const r = at(T0, { [COPY]: expiredCopy });
    const { out } = run([
      pass(r),
      { at: T0 + 5000, report: r },
      { at: T0 + 6000, report: r, pass: true },
      {
        at: T0 + 7000,
        report: r,
        event: { type: 'synced', at: T0 + 7000, link: 'l', target: 't', fingerprint: 'f', backupId: null },
      },
    ]);
    assert.deepEqual(out, [[], [], [], []]);
  });

  it('a copy of the login that the keeper keeps renewing raises no "setup-token expires" notice', () => {
    const copy = {
      kind: 'token' as const,
      owner: 'claude-code' as const,
      expiresAt: T0 + 7 * H,
      refreshable: false,
    };
    const { out } = run([pass(at(T0, { [COPY]: copy })), pass(at(T0 + 1000, { [COPY]: copy }))]);
    assert.deepEqual(out, [[], []]);
  });
});

describe('settled evidence notifies at once', () => {
  const table: Array<[string, Record<string, Partial<CredentialReport>>, string]> = [
    [
      'the token endpoint rejected the login (remembered)',
      {
        'claude-code': {
          state: 'needs-reauth',
          evidence: ['expiry', 'rejected-login'],
          expiresAt: T0 + 2 * H,
        },
      },
      'reauth:claude-code@2',
    ],
    [
      'Anthropic answered 401 to a probe',
      { [MANUAL]: { state: 'needs-reauth', evidence: ['expiry', 'probe'] } },
      `reauth:${MANUAL}@3`,
    ],
    [
      'OpenClaw recorded auth failures',
      { [MANUAL]: { state: 'needs-reauth', evidence: ['openclaw-records'] } },
      `reauth:${MANUAL}@3`,
    ],
    [
      'a setup-token past its expiry',
      { [MANUAL]: { state: 'expired', expiresAt: T0 - D } },
      `reauth:${MANUAL}@3`,
    ],
    [
      'a setup-token within a day of its end',
      { [MANUAL]: { expiresAt: T0 + 0.5 * D } },
      `expiring:${MANUAL}@3`,
    ],
  ];
  for (const [what, over, key] of table)
    it(what, () => assert.deepEqual(run([pass(at(T0, over))]).out, [[key]]));

  it('needs re-auth after a rejected refresh: the event, mid-pass, before any report says so', () => {
    const e: KeeperEvent = {
      type: 'needs-reauth',
      at: T0,
      credential: 'claude-code',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'claude /login',
      cause: 'refresh-rejected',
    };
    assert.deepEqual(
      run([{ at: T0, report: at(T0 - 1, { 'claude-code': { expiresAt: T0 + H } }), event: e }]).out,
      [['reauth:claude-code@2']],
    );
    // the same event announced from a report with nothing settled behind it waits for the report
    const { cause: _, ...announced } = e;
    assert.deepEqual(run([{ at: T0, report: null, event: announced }]).out, [[]]);
  });

  it('an event mid-pass is context, not a judgment of the half-way report', () => {
    const half = at(T0, { [MANUAL]: { state: 'expired', expiresAt: T0 - D } });
    const synced: KeeperEvent = {
      type: 'synced',
      at: T0,
      link: 'l',
      target: 't',
      fingerprint: 'f',
      backupId: null,
    };
    assert.deepEqual(run([{ at: T0, report: half, event: synced }]).out, [[]]);
  });
});

describe('every alert told is resolved', () => {
  const broken = { [MANUAL]: { state: 'expired' as const, expiresAt: T0 - D } };
  const without = (r: StatusReport, id: string): StatusReport => ({
    ...r,
    credentials: r.credentials.filter((c) => c.id !== id),
  });

  it('when its credential is gone (the agent removed, the store gone)', () => {
    const { out, bodies } = run([pass(at(T0, broken)), pass(without(at(T0 + 1000), MANUAL))]);
    assert.deepEqual(out, [[`reauth:${MANUAL}@3`], [`resolved:reauth:${MANUAL}`]]);
    assert.match(bodies[0] ?? '', /no longer there/);
  });

  it('when the gateway no longer sends it (the resolution model says never or unused), and nothing new is raised for it', () => {
    const unsent = (t: number, sent: string) =>
      withCredential(at(t, broken), MANUAL, { sent } as unknown as Partial<CredentialReport>);
    const { out, bodies } = run([
      pass(at(T0, broken)),
      pass(unsent(T0 + 1000, 'never')),
      pass(unsent(T0 + 2000, 'unused')),
    ]);
    assert.deepEqual(out, [[`reauth:${MANUAL}@3`], [`resolved:reauth:${MANUAL}`], []]);
    assert.match(bodies[0] ?? '', /no longer sends it/);
  });

  it('a rejected login (raised by the event) is resolved when the login is gone from the machine', () => {
    const e: KeeperEvent = {
      type: 'needs-reauth',
      at: T0,
      credential: 'claude-code',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'claude /login',
      cause: 'refresh-rejected',
    };
    const { out } = run([
      { at: T0, report: at(T0 - 1), event: e },
      pass(at(T0 + 1000, { 'claude-code': { state: 'needs-reauth', evidence: ['rejected-login'] } })),
      pass(without(at(T0 + 2000), 'claude-code')),
    ]);
    assert.equal(out[0]?.[0], 'reauth:claude-code@2', 'its token still works for hours: a warning');
    assert.deepEqual(out[2], ['resolved:reauth:claude-code']);
  });

  it('a credential the policy never told about is never "resolved"', () => {
    const c = credential({
      id: 'openclaw:ops/anthropic:x',
      state: 'expired',
      kind: 'token',
      expiresAt: T0 - H,
    });
    const r = { ...fixtureReport(T0), credentials: [...fixtureReport(T0).credentials, c] };
    assert.deepEqual(run([pass(r), pass(fixtureReport(T0 + 1000))]).out, [[], []]);
  });
});

describe('a cooldown OpenClaw recorded', () => {
  it('is told at once and its end is "fine again", not "gone"', () => {
    const until = T0 + H;
    const blocked = {
      [MANUAL]: {
        state: 'blocked' as const,
        evidence: ['openclaw-records'],
        openclaw: {
          errorCount: 1,
          failureCounts: { rate_limit: 1 },
          lastFailureAt: T0 - 1000,
          lastUsed: T0 - 1000,
          unusableUntil: until,
          unusableKind: 'cooldown' as const,
          unusableReason: 'rate_limit',
        },
      },
    };
    const { out, bodies } = run([pass(at(T0, blocked)), pass(at(T0 + 2 * H))]);
    assert.deepEqual(out, [[`blocked:${MANUAL}:${until}@1`], [`resolved:blocked:${MANUAL}:${until}`]]);
    assert.match(bodies[0] ?? '', /is fine again/);
  });
});

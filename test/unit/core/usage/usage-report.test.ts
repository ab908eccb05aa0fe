import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateWords } from '../../../../common/state-words.ts';
import { fingerprintOf } from '../../../../main/core/kernel/secret.ts';
import { afterAnswer } from '../../../../main/core/usage/usage-policy.ts';
import { withUsage } from '../../../../main/core/usage/usage-report.ts';
import { usageLogins, type UsageEntry } from '../../../../main/core/usage/usage-logins.ts';
import { Secret } from '../../../../main/core/kernel/secret.ts';
import { fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';
import { ACCESS_TOKEN, API_KEY, SETUP_TOKEN } from '../../../fakes/fixture-tokens.ts';
import { usageBody, win } from '../../../fakes/fake-usage-api.ts';

const T0 = Date.parse('2026-12-08T09:00:00Z');
const H = 3_600_000;
const INTERVAL = 5 * 60_000;
const FP = fingerprintOf(ACCESS_TOKEN);

function records(body: Record<string, unknown>) {
  return new Map([[FP, afterAnswer(FP, null, { kind: 'ok', body: JSON.stringify(body) }, T0, INTERVAL)]]);
}

describe('usage in the status report', () => {
  it('keys the readings by fingerprint and lists every credential holding that token', () => {
    const r = withUsage(fixtureReport(T0), records(usageBody({ session: win(42, T0 + H) })), {
      now: T0 + 60_000,
      intervalMs: INTERVAL,
    });
    assert.deepEqual(Object.keys(r.usage ?? {}), [FP]);
    assert.deepEqual(r.usage?.[FP]?.credentials, ['claude-code', 'openclaw:main/anthropic:default']);
    assert.equal(r.usage?.[FP]?.status, 'ok');
    assert.equal(r.worst, 'ok', 'usage changes no state');
  });

  it('adds nothing when no token has a reading, and "unknown" for a token being read', () => {
    const base = fixtureReport(T0);
    assert.equal(withUsage(base, new Map(), { now: T0, intervalMs: INTERVAL }), base);
    const r = withUsage(base, new Map(), { now: T0, intervalMs: INTERVAL, reading: new Set([FP]) });
    assert.equal(r.usage?.[FP]?.status, 'unknown');
  });

  it('tells until when a blocked token stays blocked: the full window that resets last', () => {
    const blocked = withCredential(fixtureReport(T0), 'openclaw:main/anthropic:default', {
      state: 'blocked',
      reason: 'OpenClaw rate-limited it',
      openclaw: {
        errorCount: 1,
        failureCounts: { rate_limit: 1 },
        lastFailureAt: T0,
        lastUsed: null,
        unusableUntil: T0 + 10 * 60_000,
        unusableKind: 'cooldown',
        unusableReason: 'rate_limit',
      },
    });
    const r = withUsage(
      blocked,
      records(usageBody({ session: win(100, T0 + 2 * H), week: win(100, T0 + 50 * H) })),
      { now: T0, intervalMs: INTERVAL },
    );
    const c = r.credentials.find((x) => x.id === 'openclaw:main/anthropic:default')!;
    assert.deepEqual(c.usageLimit, { window: 'seven_day', label: 'Week', resetsAt: T0 + 50 * H });
    assert.match(c.reason, /the Week limit is used up until /);
    assert.match(stateWords(c, T0), /^rate-limited until \S+ \d\d:\d\d \(Week limit used up\)$/);
    const ok = r.credentials.find((x) => x.id === 'claude-code')!;
    assert.equal(ok.usageLimit, undefined, 'an ok credential keeps its state and words');
  });

  it('leaves a profile OpenClaw disabled after auth failures as it is', () => {
    const disabled = withCredential(fixtureReport(T0), 'claude-code', {
      state: 'blocked',
      openclaw: {
        errorCount: 3,
        failureCounts: { auth: 3 },
        lastFailureAt: T0,
        lastUsed: null,
        unusableUntil: T0 + H,
        unusableKind: 'disabled',
        unusableReason: 'auth',
      },
    });
    const r = withUsage(disabled, records(usageBody({ session: win(100, T0 + 2 * H) })), {
      now: T0,
      intervalMs: INTERVAL,
    });
    assert.equal(r.credentials.find((x) => x.id === 'claude-code')?.usageLimit, undefined);
  });
});

describe('which tokens are read', () => {
  const store = (scopes: string[]) =>
    ({
      source: 'file',
      location: '/h/.claude/.credentials.json',
      primary: true,
      writable: true,
      read: {
        status: 'ok',
        path: '/h/.claude/.credentials.json',
        stat: null,
        value: { claudeAiOauth: { accessToken: ACCESS_TOKEN, expiresAt: T0 + H, scopes } },
      },
    }) as const;
  const entry = (over: Partial<UsageEntry> & { id: string }): UsageEntry => ({
    kind: 'oauth',
    value: new Secret(ACCESS_TOKEN),
    expiresAt: T0 + H,
    claude: null,
    ...over,
  });

  it('reads a login once with its copies, and says why a setup-token, an API key or an expired login is not read', () => {
    const { logins, skipped } = usageLogins(
      [
        entry({ id: 'claude-code', claude: store(['user:inference', 'user:profile']) }),
        entry({ id: 'openclaw:main/anthropic:default', kind: 'token' }),
        entry({ id: 'openclaw:main/anthropic:manual', kind: 'token', value: new Secret(SETUP_TOKEN) }),
        entry({ id: 'env:ANTHROPIC_API_KEY', kind: 'api_key', value: new Secret(API_KEY) }),
        entry({ id: 'openclaw:ops/anthropic:old', value: new Secret(SETUP_TOKEN + 'x'), expiresAt: T0 - 1 }),
      ],
      T0,
    );
    assert.deepEqual(
      logins.map((l) => [l.fingerprint, l.credentials]),
      [[FP, ['claude-code', 'openclaw:main/anthropic:default']]],
    );
    assert.deepEqual(
      skipped.map((s) => s.credential),
      ['openclaw:ops/anthropic:old', 'openclaw:main/anthropic:manual', 'env:ANTHROPIC_API_KEY'],
    );
    assert.match(skipped[0]!.reason, /expired/);
    assert.match(skipped[1]!.reason, /inference scope/);
  });

  it('does not ask with a login whose scopes lack user:profile, as Claude Code does not', () => {
    const { logins, skipped } = usageLogins(
      [entry({ id: 'claude-code', claude: store(['user:inference']) })],
      T0,
    );
    assert.deepEqual(logins, []);
    assert.match(skipped[0]?.reason ?? '', /user:profile/);
  });
});

/** A realistic status report for the window, the tray and the notifications. */
import type { CredentialReport, Finding, StatusReport } from '../../main/core/health/report.ts';
import { exitCodeOf, worstOf } from '../../main/core/health/report.ts';
import { fingerprintOf, maskOf } from '../../main/core/kernel/secret.ts';
import { ACCESS_TOKEN, SETUP_TOKEN } from './fixture-tokens.ts';

const H = 3_600_000;
const D = 24 * H;

export function credential(over: Partial<CredentialReport> & { id: string }): CredentialReport {
  return {
    location: '/home/ada/.openclaw/agents/main/agent/auth-profiles.json',
    source: 'file',
    install: 'openclaw',
    agent: 'main',
    profileId: 'anthropic:default',
    provider: 'anthropic',
    kind: 'oauth',
    route: 'oauth',
    owner: 'claude-code',
    state: 'ok',
    reason: 'fresh; Claude Code renews it',
    hint: null,
    expiresAt: null,
    refreshable: true,
    fingerprint: fingerprintOf(ACCESS_TOKEN),
    masked: maskOf(ACCESS_TOKEN),
    copies: [],
    openclaw: null,
    evidence: ['expiry'],
    sent: 'first',
    ...over,
  };
}

/** Three credentials: a Claude Code login, its OpenClaw copy, and a static setup-token. */
export function fixtureReport(
  now: number,
  over: { credentials?: CredentialReport[]; findings?: Finding[] } = {},
) {
  const credentials = over.credentials ?? [
    credential({
      id: 'claude-code',
      location: '/home/ada/.claude/.credentials.json',
      install: null,
      agent: null,
      profileId: null,
      expiresAt: now + 5 * H + 12 * 60_000 + 30_000,
      copies: ['openclaw:main/anthropic:default'],
    }),
    credential({
      id: 'openclaw:main/anthropic:default',
      expiresAt: now + 5 * H + 12 * 60_000 + 30_000,
      copies: ['claude-code'],
      reason: 'same login as claude-code',
    }),
    credential({
      id: 'openclaw:main/anthropic:manual',
      profileId: 'anthropic:manual',
      kind: 'token',
      route: 'token',
      owner: 'static',
      state: 'ok',
      reason: 'setup-token, nothing renews it',
      expiresAt: now + 200 * D,
      refreshable: false,
      fingerprint: fingerprintOf(SETUP_TOKEN),
      masked: maskOf(SETUP_TOKEN),
      sent: 'fallback',
    }),
  ];
  const findings = over.findings ?? [];
  const worst = worstOf(credentials.map((c) => c.state));
  const report: StatusReport = {
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst,
    exitCode: exitCodeOf(worst),
    credentials,
    findings,
    routes: credentials.some((c) => c.id === 'openclaw:main/anthropic:default')
      ? [
          {
            install: 'openclaw',
            agent: 'main',
            release: '2026.3.1',
            model: 'anthropic/claude-sonnet-4-5',
            provider: 'anthropic',
            claude: true,
            sends: {
              kind: 'profile',
              profileId: 'anthropic:default',
              variable: null,
              credential: 'openclaw:main/anthropic:default',
              fingerprint: fingerprintOf(ACCESS_TOKEN),
            },
            fallbacks: [
              {
                kind: 'profile',
                profileId: 'anthropic:manual',
                variable: null,
                credential: 'openclaw:main/anthropic:manual',
                fingerprint: fingerprintOf(SETUP_TOKEN),
              },
            ],
            skipped: [],
            subscription: 'first',
          },
        ]
      : [],
    installs: [
      {
        label: 'openclaw',
        stateDir: '/home/ada/.openclaw',
        configPath: '/home/ada/.openclaw/openclaw.json',
        generation: 'openclaw',
        version: '2026.3.1',
        agents: ['main', 'ops'],
        readVia: 'files',
        readNotes: [],
      },
    ],
    notes: [],
  };
  return report;
}

/** The same report with one credential replaced. */
export function withCredential(
  report: StatusReport,
  id: string,
  over: Partial<CredentialReport>,
): StatusReport {
  const credentials = report.credentials.map((c) => (c.id === id ? { ...c, ...over } : c));
  const worst = worstOf(credentials.map((c) => c.state));
  return { ...report, credentials, worst, exitCode: exitCodeOf(worst) };
}

/**
 * The fixture report with the login's usage windows, as the keeper hands it out: the session
 * at `session` %, the week at `week` %, Sonnet's week low, with resets in local time.
 */
export function withUsage(
  report: StatusReport,
  now: number,
  o: { session?: number; week?: number; status?: 'ok' | 'stale' | 'unknown'; reason?: string | null } = {},
): StatusReport {
  const fp = fingerprintOf(ACCESS_TOKEN);
  const status = o.status ?? 'ok';
  const reading = {
    fingerprint: fp,
    credentials: report.credentials.filter((c) => c.fingerprint === fp).map((c) => c.id),
    status,
    reason: o.reason ?? null,
    fetchedAt: status === 'unknown' ? null : now - 2 * 60_000,
    nextAt: now + 3 * 60_000,
    windows:
      status === 'unknown'
        ? []
        : [
            {
              id: 'five_hour',
              kind: 'session' as const,
              label: 'Session',
              percent: o.session ?? 42,
              resetsAt: now + 2 * H + 13 * 60_000 + 30_000,
            },
            {
              id: 'seven_day',
              kind: 'weekly' as const,
              label: 'Week',
              percent: o.week ?? 63,
              resetsAt: now + 4 * D + 6 * H + 30_000,
            },
            {
              id: 'seven_day_sonnet',
              kind: 'weekly-scoped' as const,
              label: 'Week (Sonnet)',
              percent: 12,
              resetsAt: now + 4 * D + 6 * H + 30_000,
            },
          ],
    extra: {
      enabled: false,
      monthlyLimit: null,
      usedCredits: null,
      percent: null,
      currency: null,
      disabledReason: null,
    },
  };
  return { ...report, usage: { [fp]: reading } };
}

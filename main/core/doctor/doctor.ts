/**
 * `clawkeeper doctor`: the status report's findings, each with an id, a plan of automatic
 * fixes or the steps a human must take; and applying the plans with backups, then checking again.
 */
import type { Clock } from '../../ports/clock.ts';
import { discover, type DiscoveryDeps } from '../discovery/discovery.ts';
import { fixFor, FIX_ORDER, withRewriteNotes, type Fix } from './fixes.ts';
import { toAppError } from '../kernel/errors.ts';
import { assess, type VerdictDeps } from '../health/verdict.ts';
import { maskReport } from '../health/mask.ts';
import { reloadCommandOf } from '../health/install-commands.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import type { Finding, StatusReport } from '../health/report.ts';
import type { DoctorApplyResult, DoctorFinding, DoctorReport } from '../contracts.ts';
import type { Settings } from '../settings/settings.ts';

const MIGRATE = [
  'Stop the gateway (`openclaw gateway stop`, or stop its service or container)',
  'Run `openclaw doctor --fix` (it imports auth-profiles.json into the SQLite store and archives the file; it also removes a profile named anthropic:claude-cli)',
  'Start the gateway again, then run `clawkeeper doctor` to confirm',
];
const RELOGIN = [
  'Run `claude` and type /login (or `claude auth login`) on this machine',
  'Then run `clawkeeper sync`',
];

/** What a human must do for the checks Clawkeeper never fixes by itself. */
const MANUAL: Record<string, readonly string[]> = {
  'retired-json-store': MIGRATE,
  'sqlite-migration-required': MIGRATE,
  'claude-login-blanked': RELOGIN,
  'claude-login-missing': RELOGIN,
  'stale-copy': [
    'Run `clawkeeper sync` to copy the fresher token, or let `clawkeeper watch` keep the copies in step',
  ],
  'duplicate-keychain-items': [
    'Log in again with `claude /login`',
    'Open Keychain Access and delete the older "Claude Code-credentials" item',
  ],
  'read-only-store': [
    'Mount the Claude config directory read-write (Docker: drop `:ro` from the bind mount)',
    'Or refresh on the host that owns the login and sync the copy from there',
  ],
  'unreadable-file': [
    'Fix the syntax by hand, or put an earlier copy back with `clawkeeper backup list` and `clawkeeper backup restore ID`',
    'Clawkeeper never rewrites a file it cannot parse',
  ],
  'token-damaged': ['Run `claude setup-token`, then `clawkeeper paste-token` to store a whole token'],
  'wrong-token-kind': [
    'Run `claude setup-token`, then `clawkeeper paste-token` (a refresh token cannot be used as a token)',
  ],
  'empty-profile': ['Run `claude setup-token`, then `clawkeeper paste-token --profile-id <this id>`'],
};

export interface DoctorDeps {
  readonly discovery: DiscoveryDeps;
  readonly writer: JsonUpdateDeps;
  readonly clock: Clock;
  readonly settings: Settings;
  /** the one verdict's memory (lineage, probes, rejected logins); without it, expiry alone */
  readonly verdict?: Omit<VerdictDeps, 'now' | 'settings'>;
}

function idOf(f: Finding): string {
  const subject = f.subject ? `${f.subject.provider}/${f.subject.profileId}` : null;
  return [f.check, f.credentials[0] ?? f.files[0] ?? null, subject].filter(Boolean).join(':');
}

/** Doctor findings from a status report: ids, plans and manual steps. Pure. */
export function doctorReport(status: StatusReport): { report: DoctorReport; fixes: Map<string, Fix> } {
  const fixes = new Map<string, Fix>();
  const seen = new Map<string, number>();
  const findings: DoctorFinding[] = status.findings.map((f) => {
    const base = idOf(f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}#${n}`;
    const fix = fixFor(f, plannedStatus(f, status));
    if (fix) fixes.set(id, fix);
    return {
      ...f,
      // one plan object: the hint says what --fix runs, the dry run shows the same steps
      hint: fix ? planHint(fix) : f.hint,
      id,
      fixable: fix !== null,
      plan: fix?.steps ?? [],
      manualSteps: fix ? [] : (MANUAL[f.check] ?? (f.hint ? [f.hint] : [])),
    };
  });
  return {
    report: maskReport({
      generatedAt: status.generatedAt,
      exitCode: status.exitCode,
      findings,
      reloadCommands: [...new Set(status.installs.map((i) => reloadCommandOf(i)))],
    }),
    fixes,
  };
}

/** "Run `clawkeeper doctor --fix`: <the plan's steps>" */
export function planHint(fix: Fix): string {
  return `Run \`clawkeeper doctor --fix\`: ${fix.steps.map((s) => s.description).join('; ')}`;
}

/** The report as doctor's conversions leave it, for planning fixes that run after them. */
function plannedStatus(f: Finding, status: StatusReport): StatusReport {
  if (f.check !== 'mode-type-mismatch') return status;
  const id = f.credentials[0];
  const conv = status.findings.find(
    (g) =>
      g.credentials[0] === id && (g.check === 'oauth-token-as-api-key' || g.check === 'api-key-as-token'),
  );
  if (!conv) return status;
  const kind = conv.check === 'oauth-token-as-api-key' ? 'token' : 'api_key';
  return { ...status, credentials: status.credentials.map((c) => (c.id === id ? { ...c, kind } : c)) };
}

/**
 * The status report with each credential's hint replaced by the plan of the fix behind its
 * state, so `status`, `doctor` and `doctor --dry-run` say the same thing `--fix` does.
 */
export function withPlans(status: StatusReport): StatusReport {
  const { report } = doctorReport(status);
  const plans = new Map<string, string>();
  for (const f of report.findings)
    if (f.fixable)
      for (const c of f.credentials)
        if (!plans.has(`${c}\u0000${f.check}`)) plans.set(`${c}\u0000${f.check}`, f.hint);
  return {
    ...status,
    credentials: status.credentials.map((c) => {
      const plan = c.check ? plans.get(`${c.id}\u0000${c.check}`) : undefined;
      return plan ? { ...c, hint: plan } : c;
    }),
  };
}

/** The one rule (`verdictExitCode`), the same number `status --check` gives for the same state. */
export function doctorExitCode(report: DoctorReport): 0 | 1 | 2 {
  return report.exitCode;
}

/** The findings with their plans, and the fixes behind them, from one look at the files. */
export interface DoctorPlan {
  readonly report: DoctorReport;
  readonly fixes: ReadonlyMap<string, Fix>;
}

export class DoctorService {
  constructor(private readonly d: DoctorDeps) {}

  private async status(): Promise<{ report: StatusReport; notInPlace: Set<string> }> {
    const inv = await discover(this.d.discovery);
    const v = this.d.verdict ?? { lineage: null, memory: null, probe: null };
    const report = (await assess(inv, { ...v, now: () => this.d.clock.now(), settings: this.d.settings }))
      .report;
    const notInPlace = new Set(
      inv.installs
        .filter((i) => i.config.status === 'ok' && i.configInPlace === false)
        .map((i) => i.configPath),
    );
    return { report, notInPlace };
  }

  /**
   * Runs every check and plans the fixes, from one look at the files: `applyFixes` can take the
   * result, so `doctor --fix` reads (and parses) each file once before it writes.
   */
  async plan(): Promise<DoctorPlan> {
    const { report: status, notInPlace } = await this.status();
    const { report, fixes } = doctorReport(status);
    return { report: { ...report, findings: withRewriteNotes(report.findings, notInPlace).findings }, fixes };
  }

  /** Runs every check and plans the fixes. */
  async report(): Promise<DoctorReport> {
    return (await this.plan()).report;
  }

  /**
   * Applies the fixes of `ids` (null: every fixable finding), each under OpenClaw's lock with a
   * backup, then checks again. A dry run changes nothing and reports what would be applied.
   * `planned` is a plan just made (`plan()`); without it the files are looked at first.
   */
  async applyFixes(
    ids: readonly string[] | null,
    dryRun: boolean,
    planned?: DoctorPlan,
  ): Promise<DoctorApplyResult> {
    const { report, fixes } = planned ?? (await this.plan());
    const wanted = report.findings.filter((f) => f.fixable && (ids === null || ids.includes(f.id)));
    const failed: Array<{ id: string; error: string }> = (ids ?? [])
      .filter((id) => !wanted.some((f) => f.id === id))
      .map((id) => ({ id, error: 'no automatic fix for this finding now' }));
    if (dryRun) return { applied: wanted.map((f) => ({ id: f.id, backupIds: [] })), failed, after: report };
    const rank = (check: string) => {
      const i = (FIX_ORDER as readonly string[]).indexOf(check);
      return i < 0 ? FIX_ORDER.length : i;
    };
    const applied: Array<{ id: string; backupIds: string[] }> = [];
    for (const f of [...wanted].sort((a, b) => rank(a.check) - rank(b.check))) {
      try {
        applied.push({ id: f.id, backupIds: await fixes.get(f.id)!.apply(this.d.writer) });
      } catch (e: unknown) {
        failed.push({ id: f.id, error: toAppError(e, 'write-failed').message });
      }
    }
    return { applied, failed, after: (await this.plan()).report };
  }
}

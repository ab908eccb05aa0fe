/**
 * In-memory `AppServices` for the shell and window tests: a scripted keeper whose events the
 * test drives, token validation over the real classifier, and recording paste/doctor fakes.
 */
import type { StatusReport } from '../../main/core/health/report.ts';
import type {
  AppServices,
  DoctorApplyResult,
  DoctorFinding,
  DoctorReport,
  KeeperControl,
  KeeperEvent,
  PasteRequest,
  PasteResult,
  TokenVerdict,
} from '../../main/core/contracts.ts';
import { SettingsSchema, type Settings } from '../../main/core/settings/settings.ts';
import { validateToken } from '../../main/core/setup-token/validate-token.ts';

/** A keeper the test scripts: `emit()` delivers events, `setReport()` a status event. */
export class FakeKeeper implements KeeperControl {
  paused = false;
  readonly calls: string[] = [];
  #report: StatusReport | null;
  #history: KeeperEvent[] = [];
  #listeners = new Set<(e: KeeperEvent) => void>();

  constructor(report: StatusReport | null = null) {
    this.#report = report;
  }
  start(): Promise<void> {
    this.calls.push('start');
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    return Promise.resolve();
  }
  refreshNow(opts?: { force?: boolean }): Promise<void> {
    this.calls.push(opts?.force === true ? 'refresh:force' : 'refresh');
    return Promise.resolve();
  }
  syncNow(): Promise<void> {
    this.calls.push('sync');
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
    this.emit({ type: 'paused', at: Date.now() });
  }
  resume(): void {
    this.paused = false;
    this.emit({ type: 'resumed', at: Date.now() });
  }
  current(): StatusReport | null {
    return this.#report;
  }
  history(): readonly KeeperEvent[] {
    return this.#history;
  }
  on(listener: (e: KeeperEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(e: KeeperEvent): void {
    if (e.type === 'status') this.#report = e.report;
    this.#history = [...this.#history, e].slice(-200);
    for (const l of this.#listeners) l(e);
  }
  setReport(report: StatusReport, at = report.generatedAt): void {
    this.emit({ type: 'status', at, report });
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
}

/** The CLI's paste verdicts, reproduced over the real classifier for the fake. */
/** The real intake rules (core/setup-token.ts): the window shows exactly the CLI's messages. */
export function fakeVerdict(raw: string): TokenVerdict {
  return validateToken(raw);
}

export const FIXTURE_FINDINGS: DoctorFinding[] = [
  {
    id: 'mode-type-mismatch:openclaw:main/anthropic:manual',
    check: 'mode-type-mismatch',
    severity: 'error',
    message: 'anthropic:manual is declared mode "oauth" but stores a token',
    impact: 'OpenClaw skips this profile; the agent falls back or fails',
    hint: 'clawkeeper doctor --fix',
    files: ['/home/ada/.openclaw/openclaw.json'],
    credentials: ['openclaw:main/anthropic:manual'],
    fixable: true,
    plan: [
      {
        description: 'set auth.profiles["anthropic:manual"].mode to "token"',
        files: ['/home/ada/.openclaw/openclaw.json'],
      },
    ],
    manualSteps: [],
  },
  {
    id: 'env-shadows-store:env:ANTHROPIC_API_KEY',
    check: 'env-shadows-store',
    severity: 'warning',
    message: 'ANTHROPIC_API_KEY is set in the gateway environment',
    impact: 'requests are billed to the API key instead of the subscription',
    hint: 'remove ANTHROPIC_API_KEY from ~/.openclaw/.env',
    files: ['/home/ada/.openclaw/.env'],
    credentials: [],
    fixable: false,
    plan: [],
    manualSteps: ['Remove the ANTHROPIC_API_KEY line from ~/.openclaw/.env', 'Run openclaw gateway restart'],
  },
];

function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const b = out[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object'
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export interface FakeServices extends AppServices {
  readonly keeper: FakeKeeper;
  readonly pasted: PasteRequest[];
  readonly applied: Array<{ ids: readonly string[] | null; dryRun: boolean }>;
  findings: DoctorFinding[];
}

/** Builds the fake services around an optional initial report. */
export function createFakeServices(
  opts: { report?: StatusReport | null; logsDir?: string } = {},
): FakeServices {
  const keeper = new FakeKeeper(opts.report ?? null);
  let settings: Settings = SettingsSchema.parse({});
  const doctorReport = (): DoctorReport => ({
    generatedAt: Date.now(),
    exitCode: svc.findings.some((f) => f.severity === 'error') ? 1 : svc.findings.length ? 2 : 0,
    findings: svc.findings,
  });
  const svc: FakeServices = {
    keeper,
    // the fake keeper stands for the whole runtime: its start/stop calls are recorded
    lifecycle: keeper,
    pasted: [],
    applied: [],
    findings: [...FIXTURE_FINDINGS],
    logsDir: opts.logsDir ?? '/tmp/clawkeeper-logs',
    validateToken: fakeVerdict,
    pasteToken(req: PasteRequest): Promise<PasteResult> {
      svc.pasted.push(req);
      const agents = req.agents ?? ['main', 'ops'];
      return Promise.resolve({
        fingerprint: req.token.fingerprint,
        masked: req.token.masked,
        expiresAt: req.expiresInDays == null ? null : Date.now() + req.expiresInDays * 86_400_000,
        targets: agents.map((agent) => ({
          install: req.install ?? 'openclaw',
          agent,
          profileId: req.profileId ?? 'anthropic:manual',
          location: `/home/ada/.openclaw/agents/${agent}/agent/auth-profiles.json`,
          via: 'file' as const,
          backupId: `bk-${agent}`,
          configChanged: false,
        })),
        vault: 'stored',
        verify: req.verify === true ? 'valid' : null,
        notes: [],
      });
    },
    doctor: () => Promise.resolve(doctorReport()),
    applyFixes(ids, dryRun): Promise<DoctorApplyResult> {
      svc.applied.push({ ids, dryRun });
      const chosen = svc.findings.filter((f) => f.fixable && (ids === null || ids.includes(f.id)));
      if (!dryRun) svc.findings = svc.findings.filter((f) => !chosen.includes(f));
      return Promise.resolve({
        applied: chosen.map((f) => ({ id: f.id, backupIds: dryRun ? [] : [`bk-${f.check}`] })),
        failed: [],
        after: doctorReport(),
      });
    },
    settings: () => settings,
    updateSettings(patch) {
      settings = SettingsSchema.parse(merge(settings, patch));
      return Promise.resolve(settings);
    },
  };
  return svc;
}

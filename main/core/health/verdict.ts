/**
 * The one verdict: discovery's inventory plus everything remembered (login lineage, slot
 * sightings, probe results, rejected logins), optionally a liveness probe, judged once. `status`,
 * `doctor`, the keeper (tray, window, notifications) all read the report this returns.
 */
import type { Files } from '../../ports/files.ts';
import type { PushedCopy } from '../formats/link-target.ts';
import type { LivenessProbe } from '../../ports/probe.ts';
import { linkedEnvEntries } from './linked-entries.ts';
import type { Inventory } from '../discovery/inventory.ts';
import type { Settings } from '../settings/settings.ts';
import { slotKey, type EvidenceMemory } from './evidence-memory.ts';
import { collectEntries, judge } from './health.ts';
import { decidingStates } from './route-verdicts.ts';
import { probeCandidates } from './probe-policy.ts';
import { verdictExitCode, worstOf, type Finding, type StatusReport } from './report.ts';

export interface VerdictDeps {
  readonly now: () => number;
  readonly settings: Settings;
  /** the keeper's login lineage memory (`LineageMemory`): adds the current login, returns every fingerprint seen */
  readonly lineage: {
    remember(inv: Inventory): Promise<readonly string[]>;
    /** what was pasted into SQLite-store targets (to recognise those copies through the CLI) */
    pushed?(): Promise<ReadonlyMap<string, PushedCopy>>;
  } | null;
  readonly memory: EvidenceMemory | null;
  /** reads linked `.env` targets (settings `sync.links`); without it they are not shown */
  readonly files?: Files;
  /** the liveness probe (same request and API base as `paste-token --verify`) */
  readonly probe: LivenessProbe | null;
  /** the trust boundary's findings for this inventory (settings, data dir, programs, link targets) */
  readonly trust?: (inv: Inventory, settings: Settings) => Promise<readonly Finding[]>;
}

export interface AssessOptions {
  /** `all`: probe every token now (`status --probe`); `due`: the keeper's policy; `off`: never */
  readonly probe?: 'all' | 'due' | 'off';
  readonly afterWake?: boolean;
  /** a run died mid-refresh (a refresh journal was found): probe Claude Code's login too */
  readonly afterCrash?: boolean;
  readonly notes?: readonly string[];
}

export interface ProbeSummary {
  readonly probed: number;
  readonly alive: number;
  readonly dead: number;
  readonly unreachable: number;
}

export async function assess(
  inv: Inventory,
  deps: VerdictDeps,
  opts: AssessOptions = {},
): Promise<{ report: StatusReport; probes: ProbeSummary }> {
  const knownLogin = (await deps.lineage?.remember(inv).catch(() => null)) ?? [];
  const pushed = (await deps.lineage?.pushed?.().catch(() => null)) ?? new Map<string, PushedCopy>();
  const linked = deps.files ? await linkedEnvEntries(deps.files, deps.settings.sync.links) : [];
  const entries = [
    ...collectEntries(inv, deps.now(), deps.settings.health.signInWarnDays * 86_400_000, pushed),
    ...linked,
  ];
  const summary = { probed: 0, alive: 0, dead: 0, unreachable: 0 };
  if (deps.memory) {
    await deps.memory.sighted(
      entries.filter((e) => e.value).map((e) => ({ slot: slotKey(e.id), fp: e.value!.fingerprint })),
      deps.now(),
    );
    const mode = opts.probe ?? 'off';
    if (deps.probe && mode !== 'off' && (mode === 'all' || deps.settings.probe.enabled)) {
      const ev = await deps.memory.load();
      const todo = probeCandidates(entries, ev, deps.now(), {
        mode,
        afterWake: opts.afterWake ?? false,
        afterCrash: opts.afterCrash ?? false,
        windowMs: deps.settings.probe.intervalHours * 3_600_000,
      });
      for (const c of todo) {
        summary.probed++;
        const outcome = await deps.probe.check(c.token).catch(() => 'unreachable' as const);
        // network trouble (or any answer other than 2xx/401) changes nothing
        if (outcome === 'unreachable') summary.unreachable++;
        else {
          const alive = outcome === 'accepted';
          summary[alive ? 'alive' : 'dead']++;
          await deps.memory.probed(c.fingerprint, { at: deps.now(), outcome: alive ? 'alive' : 'dead' });
        }
      }
    }
  }
  const evidence = deps.memory ? await deps.memory.load() : undefined;
  const extraFindings = deps.trust ? await deps.trust(inv, deps.settings) : [];
  const report = judge(inv, {
    extraFindings,
    now: deps.now(),
    settings: deps.settings,
    knownLogin,
    linked,
    pushed,
    ...(opts.notes ? { notes: opts.notes } : {}),
    ...(evidence ? { evidence } : {}),
  });
  return { report, probes: summary };
}

/**
 * What `--agent ID` shows: that agent's credentials, the machine-wide ones (Claude Code, the
 * environment) and the findings about them or about no credential in particular. Everything was
 * judged with every agent present; the exit code is the rule applied to what is shown.
 */
export function viewForAgent(report: StatusReport, agent: string): StatusReport {
  const routes = report.routes.filter((r) => r.agent === agent);
  // what this agent's gateway sends (an inherited profile lives in main's store)
  const routed = new Set(
    routes.flatMap((r) => [r.sends, ...r.fallbacks].flatMap((s) => (s?.credential ? [s.credential] : []))),
  );
  const credentials = report.credentials.filter(
    (c) => c.agent === null || c.agent === agent || routed.has(c.id),
  );
  const shown = new Set(credentials.map((c) => c.id));
  const findings = report.findings.filter(
    (f) => f.credentials.length === 0 || f.credentials.some((id) => shown.has(id)),
  );
  const states = decidingStates(credentials, routes);
  return {
    ...report,
    credentials,
    findings,
    routes,
    worst: worstOf(states),
    exitCode:
      credentials.length === 0 ? verdictExitCode([], findings) : verdictExitCode(states, findings, true),
    installs: report.installs.map((i) => ({ ...i, agents: i.agents.filter((a) => a === agent) })),
  };
}

/** Every agent id the report knows, for the usage error of an unknown `--agent`. */
export function knownAgents(report: StatusReport): string[] {
  return [...new Set(report.installs.flatMap((i) => i.agents))].sort();
}

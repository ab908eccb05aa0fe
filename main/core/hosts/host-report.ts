/**
 * The report over every host: the `clawkeeper.status/1` shape with each credential, finding and
 * install tagged with its host, plus one summary per host. A host that could not be asked is
 * `unreachable` (with ssh's error and the command that fixes it) and says nothing about its
 * credentials. States from newer remote versions pass through by name (a `rate-limited`,
 * `disabled`, …) and keep the `--check` contract.
 */
import type {
  AgentRoute,
  CredentialReport,
  Finding,
  InstallReport,
  SentPlace,
  StatusReport,
} from '../health/report.ts';
import { LOCAL_HOST } from './host-settings.ts';

import { hostedExitCode, worstHosted, type HostedState } from '../../../common/hosted-states.ts';

export { HOSTED_STATES, hostedExitCode, worstHosted } from '../../../common/hosted-states.ts';
export type { HostedState } from '../../../common/hosted-states.ts';

/** A credential row of any host: a local one's state, or a newer remote's by name. */
export interface HostedCredential extends Omit<CredentialReport, 'state' | 'sent'> {
  readonly host: string;
  readonly state: HostedState;
  /**
   * set on what a host held when it last answered, shown while it does not answer: its state and
   * expiry are as of then (an owner there may have renewed it since), so never judged as now
   */
  readonly asOf?: number;
  /** absent from remotes older than the resolution model: then it decides, as it did */
  readonly sent?: SentPlace;
}
export type HostedRoute = AgentRoute & { readonly host: string };

/** Whether a hosted credential decides its host's worst state (one no gateway sends does not). */
export function decidesHosted(c: Pick<HostedCredential, 'sent'>): boolean {
  return c.sent === undefined || c.sent === 'first' || c.sent === 'fallback';
}
export type HostedFinding = Finding & { readonly host: string };
export type HostedInstall = InstallReport & { readonly host: string };

export interface HostSummary {
  readonly name: string;
  /** the ssh destination; null for this machine */
  readonly destination: string | null;
  readonly reachable: boolean;
  /** how its credentials were read */
  readonly via: 'local' | 'clawkeeper' | 'openclaw' | 'none' | null;
  readonly worst: HostedState;
  readonly exitCode: 0 | 1 | 2;
  /** why it could not be asked, or what went wrong reading it */
  readonly error: string | null;
  /** what kind of ssh failure made it unreachable (a changed host key needs a human) */
  readonly failure: string | null;
  readonly hint: string | null;
  /** when the transport failed: the exact command that shows the same failure by hand */
  readonly reproduce?: string | null;
  /** `v22.12.0` when the remote has Node (needed for its own clawkeeper and service) */
  readonly node: string | null;
  readonly checkedAt: number;
  readonly durationMs: number | null;
  /** when it last answered (the tray keeps it while the host is silent); null: never, or now */
  readonly lastSeenAt?: number | null;
}

export interface HostPart {
  readonly summary: HostSummary;
  readonly credentials: readonly HostedCredential[];
  readonly findings: readonly HostedFinding[];
  readonly installs: readonly HostedInstall[];
  readonly routes: readonly HostedRoute[];
  readonly notes: readonly string[];
}

/** The status envelope (`clawkeeper.status/1`) over every host: each row tagged with its host. */
export interface HostsReport extends Omit<
  StatusReport,
  'worst' | 'credentials' | 'findings' | 'installs' | 'routes'
> {
  readonly worst: HostedState;
  readonly hosts: readonly HostSummary[];
  readonly credentials: readonly HostedCredential[];
  readonly findings: readonly HostedFinding[];
  readonly installs: readonly HostedInstall[];
  readonly routes: readonly HostedRoute[];
}

/** This machine's own report as one host among the others. */
export function localPart(report: StatusReport, durationMs: number | null = null): HostPart {
  return {
    summary: {
      name: LOCAL_HOST,
      destination: null,
      reachable: true,
      via: 'local',
      worst: report.worst,
      exitCode: report.exitCode,
      error: null,
      failure: null,
      hint: null,
      node: null,
      checkedAt: report.generatedAt,
      durationMs,
    },
    credentials: report.credentials.map((c) => ({ ...c, host: LOCAL_HOST })),
    findings: report.findings.map((f) => ({ ...f, host: LOCAL_HOST })),
    installs: report.installs.map((i) => ({ ...i, host: LOCAL_HOST })),
    routes: report.routes.map((r) => ({ ...r, host: LOCAL_HOST })),
    notes: report.notes,
  };
}

/** A host that could not be asked: one `unreachable` entry carrying ssh's error and the fix. */
export function unreachablePart(
  host: { name: string; destination: string },
  failure: { kind: string; message: string; hint: string; reproduce?: string | null },
  now: number,
  durationMs: number | null,
): HostPart {
  return {
    summary: {
      name: host.name,
      destination: host.destination,
      reachable: false,
      via: null,
      worst: 'unreachable',
      exitCode: 2,
      error: failure.message,
      failure: failure.kind,
      hint: failure.hint,
      reproduce: failure.reproduce ?? null,
      node: null,
      checkedAt: now,
      durationMs,
    },
    credentials: [hostEntry(host, 'unreachable', failure.message, failure.hint)],
    findings: [],
    installs: [],
    routes: [],
    notes: [],
  };
}

/** A credential-shaped row that stands for the host itself (unreachable, or nothing readable there). */
export function hostEntry(
  host: { name: string; destination: string },
  state: string,
  reason: string,
  hint: string | null,
): HostedCredential {
  return {
    host: host.name,
    id: `host:${host.name}`,
    location: `ssh:${host.destination}`,
    source: 'file',
    install: null,
    agent: null,
    profileId: null,
    provider: null,
    kind: null,
    route: null,
    owner: 'static',
    state,
    reason,
    hint,
    expiresAt: null,
    refreshable: false,
    fingerprint: null,
    masked: null,
    copies: [],
    openclaw: null,
    evidence: [],
  };
}

/** Puts the parts together: worst state and exit code over every host. */
export function mergeHosts(
  parts: readonly HostPart[],
  now: number,
  notes: readonly string[] = [],
): HostsReport {
  const credentials = parts.flatMap((p) => p.credentials);
  // each host's own worst already leaves out what its gateway never sends
  const worst = worstHosted([
    ...parts.map((p) => p.summary.worst),
    ...credentials.filter(decidesHosted).map((c) => c.state),
  ]);
  return {
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst,
    exitCode: hostedExitCode(worst),
    hosts: parts.map((p) => p.summary),
    credentials,
    findings: parts.flatMap((p) => p.findings),
    installs: parts.flatMap((p) => p.installs),
    routes: parts.flatMap((p) => p.routes),
    notes: [
      ...notes,
      ...parts.flatMap((p) =>
        p.notes.map((n) => (p.summary.name === LOCAL_HOST ? n : `${p.summary.name}: ${n}`)),
      ),
    ],
  };
}

/** The closing line of `host status`: the verdict over every host and how many are in each state. */
export interface HostsSummary {
  readonly generatedAt: number;
  readonly worst: HostedState;
  readonly exitCode: 0 | 1 | 2;
  readonly total: number;
  /** hosts per worst state: `{ok: 97, unreachable: 3}` */
  readonly byState: Readonly<Record<string, number>>;
  /** every host in the order of the settings (this machine first) */
  readonly hosts: readonly { name: string; worst: HostedState; reachable: boolean }[];
  readonly notes: readonly string[];
}

/** Sums up the parts: the same worst state and exit code as `mergeHosts`, without the rows. */
export function hostSummary(
  parts: readonly HostPart[],
  now: number,
  notes: readonly string[] = [],
): HostsSummary {
  const merged = mergeHosts(parts, now, notes);
  const byState: Record<string, number> = {};
  for (const p of parts) byState[p.summary.worst] = (byState[p.summary.worst] ?? 0) + 1;
  return {
    generatedAt: now,
    worst: merged.worst,
    exitCode: merged.exitCode,
    total: parts.length,
    byState,
    hosts: parts.map((p) => ({
      name: p.summary.name,
      worst: p.summary.worst,
      reachable: p.summary.reachable,
    })),
    // each host's own notes are on its own line
    notes: [...notes],
  };
}

/**
 * The report over every host: the `clawkeeper.status/1` shape with each credential, finding and
 * install tagged with its host, plus one summary per host. A host that could not be asked is
 * `unreachable` (with ssh's error and the command that fixes it) and says nothing about its
 * credentials. States from newer remote versions pass through by name (a `rate-limited`,
 * `disabled`, …) and keep the `--check` contract.
 */
import type { CredentialReport, Finding, InstallReport, StatusReport } from '../health/report.ts';
import { LOCAL_HOST } from './host-settings.ts';

import { hostedExitCode, worstHosted } from '../../../common/hosted-states.ts';

export { HOSTED_STATES, hostedExitCode, worstHosted } from '../../../common/hosted-states.ts';

export interface HostedCredential extends Omit<CredentialReport, 'state'> {
  readonly host: string;
  readonly state: string;
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
  readonly worst: string;
  readonly exitCode: 0 | 1 | 2;
  /** why it could not be asked, or what went wrong reading it */
  readonly error: string | null;
  /** what kind of ssh failure made it unreachable (a changed host key needs a human) */
  readonly failure: string | null;
  readonly hint: string | null;
  /** `v22.12.0` when the remote has Node (needed for its own clawkeeper and service) */
  readonly node: string | null;
  readonly checkedAt: number;
  readonly durationMs: number | null;
}

export interface HostPart {
  readonly summary: HostSummary;
  readonly credentials: readonly HostedCredential[];
  readonly findings: readonly HostedFinding[];
  readonly installs: readonly HostedInstall[];
  readonly notes: readonly string[];
}

export interface HostsReport {
  readonly schema: 'clawkeeper.status/1';
  readonly generatedAt: number;
  readonly worst: string;
  readonly exitCode: 0 | 1 | 2;
  readonly hosts: readonly HostSummary[];
  readonly credentials: readonly HostedCredential[];
  readonly findings: readonly HostedFinding[];
  readonly installs: readonly HostedInstall[];
  readonly notes: readonly string[];
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
    notes: report.notes,
  };
}

/** A host that could not be asked: one `unreachable` entry carrying ssh's error and the fix. */
export function unreachablePart(
  host: { name: string; destination: string },
  failure: { kind: string; message: string; hint: string },
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
      node: null,
      checkedAt: now,
      durationMs,
    },
    credentials: [hostEntry(host, 'unreachable', failure.message, failure.hint)],
    findings: [],
    installs: [],
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
  const worst = worstHosted([...parts.map((p) => p.summary.worst), ...credentials.map((c) => c.state)]);
  return {
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst,
    exitCode: hostedExitCode(worst),
    hosts: parts.map((p) => p.summary),
    credentials,
    findings: parts.flatMap((p) => p.findings),
    installs: parts.flatMap((p) => p.installs),
    notes: [
      ...notes,
      ...parts.flatMap((p) =>
        p.notes.map((n) => (p.summary.name === LOCAL_HOST ? n : `${p.summary.name}: ${n}`)),
      ),
    ],
  };
}

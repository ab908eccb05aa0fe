/**
 * Clawkeeper's answer on the same home: the built CLI (`bin/clawkeeper.mjs status --json --check`)
 * run as a real process with the home's environment and folder. `routes[]` (the resolution model's
 * per-agent answer) is read when the build has it and ignored cleanly when it does not.
 */
import { fileURLToPath } from 'node:url';
import type { BuiltHome } from './build.ts';
import { spawnJob } from './oracle/runner.ts';

export const CLAWKEEPER_BIN = fileURLToPath(new URL('../../bin/clawkeeper.mjs', import.meta.url));

// the wire contract of `routes[]` is the model's own type (status --json prints it as is)
export type { AgentRoute, RouteStep } from '../../main/core/resolution/route.ts';
import type { AgentRoute } from '../../main/core/resolution/route.ts';

export interface KeeperCredential {
  readonly id: string;
  readonly install: string | null;
  readonly agent: string | null;
  readonly profileId: string | null;
  readonly provider: string | null;
  readonly kind: string | null;
  readonly state: string;
  readonly check?: string | null;
  readonly sent?: 'first' | 'fallback' | 'never' | 'unused';
}

export interface KeeperView {
  readonly exit: number;
  /** set when Clawkeeper did not answer with its report: exit 70, a crash, no JSON */
  readonly crash: string | null;
  readonly worst: string | null;
  readonly credentials: readonly KeeperCredential[];
  readonly findings: ReadonlyArray<{ check: string; severity: string }>;
  readonly installs: ReadonlyArray<{
    label: string;
    stateDir: string;
    generation: string;
    version: string | null;
  }>;
  /** null when this build of Clawkeeper has no resolution model yet */
  readonly routes: readonly AgentRoute[] | null;
}

interface Report {
  worst?: string;
  credentials?: KeeperCredential[];
  findings?: Array<{ check: string; severity: string }>;
  installs?: Array<{ label: string; stateDir: string; generation: string; version: string | null }>;
  routes?: AgentRoute[];
}

/** Runs Clawkeeper's status on the home with Node 24 (the runtime the project declares). */
export async function askClawkeeper(
  home: BuiltHome,
  node: string,
  bin = CLAWKEEPER_BIN,
): Promise<KeeperView> {
  const r = await spawnJob(node, {
    argv: [bin, 'status', '--json', '--check'],
    env: home.env,
    cwd: home.cwd,
  });
  let doc: Report | null = null;
  try {
    doc = JSON.parse(r.stdout) as Report;
  } catch {
    doc = null;
  }
  const crash =
    r.code === 70
      ? `exit 70: ${r.stderr.trim().split('\n')[0] ?? ''}`
      : !doc
        ? `no JSON report (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}`
        : null;
  return {
    exit: r.code,
    crash,
    worst: doc?.worst ?? null,
    credentials: doc?.credentials ?? [],
    findings: doc?.findings ?? [],
    installs: doc?.installs ?? [],
    routes: Array.isArray(doc?.routes) ? doc.routes : null,
  };
}

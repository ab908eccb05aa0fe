/**
 * What a running keeper notices between two passes about the installation itself (pure): another
 * release or openclaw command, a store migrated to another generation, a state folder or agent
 * appearing or disappearing, a copy of the login gone from its store. Said as one line each.
 */
import type { Inventory, StoreGeneration } from '../discovery/inventory.ts';
import { verdictExitCode, type Finding, type StatusReport } from '../health/report.ts';
import { CLAUDE_LOGIN_ID } from './refresh-policy.ts';

export interface InstallSnapshot {
  readonly label: string;
  readonly stateDir: string;
  readonly version: string | null;
  readonly generation: StoreGeneration;
  readonly agents: readonly string[];
}

export interface InstallationSnapshot {
  readonly bin: string | null;
  readonly installs: readonly InstallSnapshot[];
  /** copies of Claude Code's login in the report (credential id → install label and agent) */
  readonly copies: ReadonlyMap<string, { readonly install: string | null; readonly agent: string | null }>;
}

/** A state folder that disappeared while it held copies of the login. */
export interface LostInstall {
  readonly label: string;
  readonly stateDir: string;
  readonly copies: readonly string[];
}

export function snapshotOf(inv: Inventory, report: StatusReport): InstallationSnapshot {
  const copies = new Map<string, { install: string | null; agent: string | null }>();
  for (const c of report.credentials)
    if (c.id !== CLAUDE_LOGIN_ID && c.copies.includes(CLAUDE_LOGIN_ID))
      copies.set(c.id, { install: c.install, agent: c.agent });
  return {
    bin: inv.openclawBin,
    installs: inv.installs.map((i) => ({
      label: i.label,
      stateDir: i.stateDir,
      version: i.version,
      generation: i.generation,
      agents: i.agents.map((a) => a.agentId),
    })),
    copies,
  };
}

const GENERATION_WORDS: Record<StoreGeneration, string> = {
  'json-cli-sync': 'JSON files (Clawdbot era)',
  json: 'JSON files',
  'sqlite-agent': 'per-agent SQLite databases (written through the openclaw CLI)',
  'sqlite-shared': 'the shared SQLite database (written through the openclaw CLI)',
};

/** What changed from `before` to `after`, one line each, and the state folders lost with copies. */
export function installationChanges(
  before: InstallationSnapshot,
  after: InstallationSnapshot,
): { changes: string[]; lost: LostInstall[] } {
  const changes: string[] = [];
  const lost: LostInstall[] = [];
  if (before.bin !== after.bin)
    changes.push(
      after.bin === null
        ? `the openclaw command is gone (was ${before.bin})`
        : before.bin === null
          ? `the openclaw command appeared: ${after.bin}`
          : `the openclaw command is now ${after.bin} (was ${before.bin})`,
    );
  const was = new Map(before.installs.map((i) => [i.stateDir, i]));
  const now = new Map(after.installs.map((i) => [i.stateDir, i]));
  for (const [dir, i] of now) {
    const b = was.get(dir);
    if (!b) {
      changes.push(`${i.label} state folder appeared: ${dir}${i.version ? ` (release ${i.version})` : ''}`);
      continue;
    }
    if (b.version !== i.version)
      changes.push(`${i.label}: release ${b.version ?? 'unknown'} → ${i.version ?? 'unknown'} (${dir})`);
    if (b.generation !== i.generation)
      changes.push(
        `${i.label}: its store moved from ${GENERATION_WORDS[b.generation]} to ${GENERATION_WORDS[i.generation]}`,
      );
    const agents = new Set(i.agents);
    const had = new Set(b.agents);
    for (const a of i.agents) if (!had.has(a)) changes.push(`${i.label}: agent ${a} appeared`);
    for (const a of b.agents) if (!agents.has(a)) changes.push(`${i.label}: agent ${a} disappeared`);
  }
  for (const [dir, b] of was) {
    if (now.has(dir)) continue;
    const held = [...before.copies].filter(([, c]) => c.install === b.label).map(([id]) => id);
    changes.push(
      `${b.label} state folder disappeared: ${dir}${held.length ? ` (it held ${held.join(', ')})` : ''}`,
    );
    if (held.length) lost.push({ label: b.label, stateDir: dir, copies: held });
  }
  const folders = new Map(after.installs.map((i) => [i.label, new Set(i.agents)]));
  for (const [id, c] of before.copies) {
    if (after.copies.has(id)) continue;
    // said above when its state folder or agent went
    const agents = c.install === null ? undefined : folders.get(c.install);
    if (agents === undefined || (c.agent !== null && !agents.has(c.agent))) continue;
    // a SQLite release reads the JSON store no more until its doctor imports it (`…@json` ids)
    if (after.copies.has(`${id}@json`))
      changes.push(
        `${id} is left in a JSON store this release no longer reads (its \`openclaw doctor --fix\` imports it)`,
      );
    else if (id.endsWith('@json') && after.copies.has(id.slice(0, -5)))
      changes.push(`${id.slice(0, -5)} was imported into the SQLite store`);
    else changes.push(`${id} is no longer a copy of the login in its store`);
  }
  return { changes, lost };
}

/** The finding for a state folder that disappeared with copies of the login in it. */
export function lostInstallFinding(l: LostInstall): Finding {
  return {
    check: 'install-disappeared',
    severity: 'warning',
    message: `The ${l.label} state folder ${l.stateDir} disappeared while it held ${l.copies.join(', ')}`,
    impact:
      'If OpenClaw moved, its gateway reads a store Clawkeeper no longer keeps in step: it fails with 401 once those copies expire',
    hint: `If OpenClaw moved, tell Clawkeeper where (OPENCLAW_STATE_DIR for \`clawkeeper watch\`, or settings openclaw.extraStateDirs); if it was removed on purpose, restart \`clawkeeper watch\` or the tray app to clear this`,
    files: [l.stateDir],
    credentials: [],
  };
}

/**
 * A running keeper's memory of the installation: what the last pass saw, and the state folders
 * lost with copies of the login (a warning finding each, until the folder is back or the keeper
 * restarts: a gateway that moved elsewhere must not leave the keeper green).
 */
export class InstallationMemory {
  #last: InstallationSnapshot | null = null;
  #lost = new Map<string, LostInstall>();

  /** One pass's final view: what changed since the last pass (nothing on the first one). */
  observe(inv: Inventory, report: StatusReport): { changes: string[]; lostChanged: boolean } {
    const next = snapshotOf(inv, report);
    const before = this.#last;
    this.#last = next;
    let lostChanged = false;
    for (const i of next.installs) lostChanged = this.#lost.delete(i.stateDir) || lostChanged;
    if (before === null) return { changes: [], lostChanged };
    const { changes, lost } = installationChanges(before, next);
    for (const l of lost) {
      this.#lost.set(l.stateDir, l);
      lostChanged = true;
    }
    return { changes, lostChanged };
  }

  /** The report with a finding per state folder lost with copies; the exit code by the one rule. */
  apply(report: StatusReport): StatusReport {
    if (this.#lost.size === 0) return report;
    const findings = [...report.findings, ...[...this.#lost.values()].map(lostInstallFinding)];
    return {
      ...report,
      findings,
      exitCode: verdictExitCode(
        report.credentials.map((c) => c.state),
        findings,
      ),
    };
  }
}

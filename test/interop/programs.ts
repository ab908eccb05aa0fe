import { spawnSync } from 'node:child_process';
import { runProcess, type CliResult } from '../helpers/run-cli.ts';
import { dirname } from 'node:path';

/** Paths of the real programs installed by scripts/interop-setup.sh (CI runs it first). */
export interface Programs {
  claude: string;
  /** the newest published Claude Code (CLAUDE_NEWEST_VERSION in the setup script) */
  claudeNewest: string;
  openclaw: Record<'2026.6.1' | '2026.9.6', string>;
  /** every release of the matrix, by version */
  releases: Record<string, string>;
  node24: string;
}

/** The releases of the interop matrix (scripts/interop-setup.sh installs each). */
export const RELEASES = [
  {
    version: '2026.1.24-3',
    cli: 'clawdbot',
    state: '.clawdbot',
    stateEnv: 'CLAWDBOT_STATE_DIR',
    config: 'clawdbot.json',
    generation: 'json-cli-sync',
  },
  {
    version: '2026.3.13',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'json',
  },
  {
    version: '2026.6.1',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'json',
  },
  {
    version: '2026.6.5',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'sqlite-agent',
  },
  {
    version: '2026.7.35',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'sqlite-agent',
  },
  {
    version: '2026.8.2',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'sqlite-shared',
  },
  {
    version: '2026.9.6',
    cli: 'openclaw',
    state: '.openclaw',
    stateEnv: 'OPENCLAW_STATE_DIR',
    config: 'openclaw.json',
    generation: 'sqlite-shared',
  },
] as const;
export type Release = (typeof RELEASES)[number];

export function programs(): Programs {
  const r = spawnSync('bash', ['scripts/interop-setup.sh', '--print-env'], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error('the real programs are not installed: run `bash scripts/interop-setup.sh` first');
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const vars = Object.fromEntries(
    line
      .replace(/^export /, '')
      .split(' ')
      .map((kv) => kv.split('=') as [string, string]),
  );
  const releases: Record<string, string> = {};
  for (const r of RELEASES)
    releases[r.version] = vars[`${r.cli.toUpperCase()}_${r.version.replace(/[.-]/g, '_')}`]!;
  return {
    claude: vars.CLAUDE_BIN!,
    claudeNewest: vars.CLAUDE_NEWEST_BIN!,
    openclaw: { '2026.6.1': vars.OPENCLAW_2026_6_1!, '2026.9.6': vars.OPENCLAW_2026_9_6! },
    releases,
    node24: vars.NODE24_BIN!,
  };
}

export type Ran = CliResult;

/** Runs one of the real programs (see runProcess). */
export const run = runProcess;

/** PATH with Node 24 and that release's CLI first. */
export function releasePath(p: Programs, r: Release): string {
  return `${p.node24}:${dirname(p.releases[r.version]!)}:${process.env.PATH ?? ''}`;
}

/** PATH with Node 24 and the chosen openclaw first, as a user who installed that version has it. */
export function openclawPath(p: Programs, version: '2026.6.1' | '2026.9.6'): string {
  return `${p.node24}:${dirname(p.openclaw[version])}:${process.env.PATH ?? ''}`;
}

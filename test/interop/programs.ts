import { spawnSync } from 'node:child_process';
import { runProcess, type CliResult } from '../helpers/run-cli.ts';
import { dirname } from 'node:path';

/** Paths of the real programs installed by scripts/interop-setup.sh (CI runs it first). */
export interface Programs {
  claude: string;
  openclaw: Record<'2026.6.1' | '2026.9.6', string>;
  node24: string;
}

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
  return {
    claude: vars.CLAUDE_BIN!,
    openclaw: { '2026.6.1': vars.OPENCLAW_2026_6_1!, '2026.9.6': vars.OPENCLAW_2026_9_6! },
    node24: vars.NODE24_BIN!,
  };
}

export type Ran = CliResult;

/** Runs one of the real programs (see runProcess). */
export const run = runProcess;

/** PATH with Node 24 and the chosen openclaw first, as a user who installed that version has it. */
export function openclawPath(p: Programs, version: '2026.6.1' | '2026.9.6'): string {
  return `${p.node24}:${dirname(p.openclaw[version])}:${process.env.PATH ?? ''}`;
}

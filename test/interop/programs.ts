import { spawn, spawnSync } from 'node:child_process';
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

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  timeoutMs = 120_000,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** PATH with Node 24 and the chosen openclaw first, as a user who installed that version has it. */
export function openclawPath(p: Programs, version: '2026.6.1' | '2026.9.6'): string {
  return `${p.node24}:${dirname(p.openclaw[version])}:${process.env.PATH ?? ''}`;
}

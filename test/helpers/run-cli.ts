import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../main/cli/index.ts';
import type { StatusReport } from '../../main/core/health/report.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (fast; same code as the bundle). `input` becomes a piped stdin. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...(input !== undefined ? { stdin: Readable.from([input]) } : {}),
    env,
  });
  return { code, stdout, stderr };
}

export async function statusJson(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<StatusReport> {
  const r = await runCli(['status', '--json', ...extra], env);
  if (r.code !== 0) throw new Error(`status failed ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StatusReport;
}

export const BIN = fileURLToPath(new URL('../../bin/clawkeeper.mjs', import.meta.url));

/** Runs a real process to completion, collecting its output (stdin gets `input`, then EOF). */
export function runProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Runs the built `clawkeeper` command as a real process. */
export function spawnCli(argv: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...argv], env, input ?? '');
}

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, extname, isAbsolute, join } from 'node:path';
import type { ProcessRunner, RunOptions, RunResult } from '../../ports/process-runner.ts';
import { pathExts, spawnPlan } from './spawn-plan.ts';

const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * Spawns real programs with a hard timeout (SIGTERM, then SIGKILL after 1 s). On Windows an
 * extension-less name is resolved through PATHEXT first and `.cmd` shims run through cmd.exe
 * (spawn-plan.ts); `platform` is injectable so that path is unit-tested everywhere.
 */
export class NodeProcessRunner implements ProcessRunner {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
    const env = opts.env ?? process.env;
    let file = command;
    if (this.platform === 'win32' && extname(command) === '')
      file = (await this.which(command, env['PATH'] ?? env['Path'], env['PATHEXT'])) ?? command;
    const plan = spawnPlan(file, args, this.platform, env['ComSpec'] ?? 'cmd.exe');
    return this.#spawn(plan.file, plan.args, plan.windowsVerbatimArguments, opts);
  }

  async #spawn(
    command: string,
    args: readonly string[],
    windowsVerbatimArguments: boolean,
    opts: RunOptions,
  ): Promise<RunResult> {
    // loaded on the first spawn (it brings net, dgram and streams): most `status` runs spawn nothing
    const { spawn } = await import('node:child_process');
    const started = Date.now();
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let settled = false;
      const finish = (r: Omit<RunResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, durationMs: Date.now() - started });
      };
      const child = spawn(command, [...args], {
        env: opts.env
          ? Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined))
          : process.env,
        cwd: opts.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsVerbatimArguments,
        detached: process.platform !== 'win32',
      });
      const kill = (signal: NodeJS.Signals) => {
        try {
          // kill the whole process group: wrappers (shell scripts, npm shims) must not survive
          if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          /* already gone */
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        setTimeout(() => kill('SIGKILL'), 1000).unref();
      }, opts.timeoutMs);
      child.stdout.on('data', (d: Buffer) => {
        if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
      });
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
      });
      child.on('error', (e: NodeJS.ErrnoException) =>
        finish({ code: null, stdout, stderr, timedOut, spawnError: e.code ?? 'spawn failed' }),
      );
      child.on('close', (code) => finish({ code, stdout, stderr, timedOut, spawnError: null }));
      child.stdin.on('error', () => undefined);
      if (opts.input !== undefined) child.stdin.end(opts.input);
      else child.stdin.end();
    });
  }

  async which(
    name: string,
    pathEnv: string | undefined,
    pathExt = process.env['PATHEXT'],
  ): Promise<string | null> {
    if (isAbsolute(name)) return (await executable(name)) ? name : null;
    const exts = extname(name) === '' ? pathExts(this.platform, pathExt) : [''];
    for (const dir of (pathEnv ?? '').split(delimiter)) {
      if (!dir) continue;
      for (const ext of exts) {
        const p = join(dir, name + ext);
        if (await executable(p)) return p;
      }
    }
    return null;
  }
}

async function executable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

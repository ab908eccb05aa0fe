import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, extname, isAbsolute, join, resolve } from 'node:path';
import { describeTrustProblem } from '../../core/kernel/trust.ts';
import type { ProcessRunner, RunOptions, RunResult } from '../../ports/process-runner.ts';
import type { PathTrust } from '../../ports/trust.ts';
import { childEnv } from './child-env.ts';
import { pathExts, spawnPlan } from './spawn-plan.ts';

const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * Spawns real programs with a hard timeout (SIGTERM, then SIGKILL after 1 s). On Windows an
 * extension-less name is resolved through PATHEXT first and `.cmd` shims run through cmd.exe
 * (spawn-plan.ts); `platform` is injectable so that path is unit-tested everywhere. Every child
 * gets an allow-listed environment (child-env.ts); a program a setting named runs only when its
 * file passes the trust rule (`trust`), and then by the path that was checked.
 */
export class NodeProcessRunner implements ProcessRunner {
  constructor(
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly trust: PathTrust | null = null,
  ) {}

  async run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
    const source = opts.env ?? process.env;
    const env = childEnv(source, opts.program ?? 'system');
    let file = command;
    if (this.platform === 'win32' && extname(command) === '')
      file = (await this.which(command, source['PATH'] ?? source['Path'], source['PATHEXT'])) ?? command;
    if (opts.named && this.trust) {
      const checked = await this.#checkProgram(file, source['PATH'] ?? source['Path'], opts.cwd);
      if (typeof checked !== 'string') return checked;
      file = checked;
    }
    const plan = spawnPlan(file, args, this.platform, source['ComSpec'] ?? source['COMSPEC'] ?? 'cmd.exe');
    return this.#spawn(plan.file, plan.args, plan.windowsVerbatimArguments, { ...opts, env });
  }

  /** The program's path once it passed the trust rule, or the refusal (nothing is started). */
  async #checkProgram(
    file: string,
    pathEnv: string | undefined,
    cwd: string | undefined,
  ): Promise<string | RunResult> {
    const path = isAbsolute(file)
      ? file
      : /[\\/]/.test(file)
        ? resolve(cwd ?? process.cwd(), file)
        : await this.which(file, pathEnv);
    // not found: spawning it fails as it would have (ENOENT), nothing to trust
    if (path === null) return file;
    const v = await this.trust!.check(path, 'program');
    if (v.trusted) return path;
    return {
      code: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      spawnError: `untrusted: ${describeTrustProblem(v.problem)}`,
      durationMs: 0,
    };
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
        env: opts.env as Record<string, string>,
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

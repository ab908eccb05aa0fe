/**
 * How the harness asks a release to run one of its commands: as a real process (the reference), or
 * inside a long-lived host process of that release (inproc-host.ts, ~10–20× cheaper per call).
 * Both take the same job and answer the same {code, stdout, stderr}.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface Job {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly stdin?: string;
}

export interface ReleaseRunner {
  readonly kind: 'subprocess' | 'inproc';
  run(job: Job): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * A job longer than this is a hang: 2026.9.6's second paste-token idles ~45 s as a process, and a
 * host's first command of a kind loads its modules (minutes for 2026.3.13 on a loaded machine).
 */
export const JOB_TIMEOUT_MS = 300_000;

/** The release's own executable, run once per job: exactly what a user's shell does. */
export class SubprocessRunner implements ReleaseRunner {
  readonly kind = 'subprocess';
  constructor(private readonly bin: string) {}

  run(job: Job): Promise<RunResult> {
    return spawnJob(this.bin, job);
  }

  async close(): Promise<void> {}
}

/** Runs a program to completion with the job's argv, env, folder and stdin (then EOF). */
export function spawnJob(bin: string, job: Job): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...job.argv], {
      env: { ...job.env },
      cwd: job.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: JOB_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 124 : -1), stdout, stderr, ms: performance.now() - t0 }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(job.stdin ?? '');
  });
}

interface HostReply {
  id?: number;
  ready?: boolean;
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Older releases' own switches for their config cache: each job must read its home's config. */
const NO_CONFIG_CACHE = { OPENCLAW_DISABLE_CONFIG_CACHE: '1', CLAWDBOT_DISABLE_CONFIG_CACHE: '1' };

const HOST = join(dirname(fileURLToPath(import.meta.url)), 'inproc-host.ts');

/**
 * One host process per runner; jobs run one at a time (the host swaps process.env per job).
 * A job that times out kills the host; the next job starts a fresh one.
 */
export class InprocRunner implements ReleaseRunner {
  readonly kind = 'inproc';
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private pending = new Map<number, (r: HostReply) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  /** started hosts, for the report (a restart after a hang counts) */
  starts = 0;

  constructor(
    private readonly node: string,
    private readonly dist: string,
    /** a sandbox HOME for the host itself, so nothing it computes at import time points at a real home */
    private readonly sandbox: string,
    private readonly path: string,
    /**
     * Variables a release reads once at import (Clawdbot computes its state and config paths when
     * its modules load): the host then starts with the job's own environment, and again whenever
     * one of these differs from the job's. null: the sandbox environment, kept across homes.
     */
    private readonly pinned: readonly string[] | null = null,
  ) {}

  private startEnv: Readonly<Record<string, string>> | null = null;

  private start(jobEnv: Readonly<Record<string, string>>): Promise<void> {
    mkdirSync(join(this.sandbox, 'state'), { recursive: true });
    this.starts++;
    const child = fork(HOST, [this.dist], {
      execPath: this.node,
      // the host runs with Node's own type stripping, not the harness's loader
      execArgv: [],
      cwd: this.sandbox,
      env: {
        ...(this.pinned
          ? { ...jobEnv, ...NO_CONFIG_CACHE }
          : {
              PATH: this.path,
              HOME: this.sandbox,
              OPENCLAW_STATE_DIR: join(this.sandbox, 'state'),
              CLAWDBOT_STATE_DIR: join(this.sandbox, 'state'),
              TMPDIR: join(this.sandbox, 'tmp'),
              NO_COLOR: '1',
            }),
        // shared by every host of every run of this user, as the releases' own launchers share theirs
        CK_DIFF_COMPILE_CACHE: join(tmpdir(), `ck-diff-compile-cache-${process.getuid?.() ?? 0}`),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    mkdirSync(join(this.sandbox, 'tmp'), { recursive: true });
    let log = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => (log = (log + d).slice(-4000)));
    this.child = child;
    this.startEnv = jobEnv;
    this.ready = new Promise((resolve, reject) => {
      child.once('error', reject);
      child.on('message', (m: HostReply) => {
        if (m.ready) return resolve();
        const done = m.id !== undefined ? this.pending.get(m.id) : undefined;
        if (done && m.id !== undefined) {
          this.pending.delete(m.id);
          done(m);
        }
      });
      child.once('exit', (code) => {
        if (this.child === child) this.child = null;
        reject(new Error(`in-process host for ${this.dist} exited (${code}) before it was ready: ${log}`));
        for (const [id, done] of this.pending) {
          this.pending.delete(id);
          done({ code: 70, stdout: '', stderr: `inproc host died: ${log}`, ms: 0 });
        }
      });
    });
    return this.ready;
  }

  run(job: Job): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(job));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(job: Job): Promise<RunResult> {
    if (this.child && this.pinned?.some((k) => this.startEnv?.[k] !== job.env[k])) await this.close();
    if (!this.child) await this.start(job.env);
    else await this.ready;
    const id = this.nextId++;
    const child = this.child!;
    const reply = await new Promise<HostReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        child.kill('SIGKILL');
        this.child = null;
        resolve({
          code: 124,
          stdout: '',
          stderr: `timed out after ${JOB_TIMEOUT_MS} ms (in-process)`,
          ms: JOB_TIMEOUT_MS,
        });
      }, JOB_TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      child.send({
        id,
        argv: job.argv,
        env: { ...job.env, ...NO_CONFIG_CACHE },
        cwd: job.cwd,
        ...(job.stdin !== undefined ? { stdin: job.stdin } : {}),
      });
    });
    return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr, ms: reply.ms };
  }

  async close(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (c && c.exitCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill();
      await gone;
    }
  }
}

import { jsonIn } from '../../core/kernel/json-in.ts';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { extractVersion } from '../../core/kernel/version.ts';
import { redact } from '../../core/kernel/redact.ts';
import type {
  CliPasteResult,
  CliPasteTarget,
  CliProfileStatus,
  CliStatusResult,
  OpenClawCli,
} from '../../ports/openclaw.ts';
import type { ProcessRunner, RunResult } from '../../ports/process-runner.ts';

export interface OpenClawCliOptions {
  /** explicit executable (settings `openclaw.bin` or `CLAWKEEPER_OPENCLAW_BIN`); else PATH */
  readonly bin: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/**
 * The `openclaw` program as a read interface for SQLite generations, where the only safe way
 * in is the owner's own CLI (docs/domain.md §4). Results are cached for the life of the object.
 */
export class OpenClawCliAdapter implements OpenClawCli {
  #located: Promise<string | null> | null = null;
  #version: Promise<string | null> | null = null;
  #pasteHelp: Promise<string> | null = null;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly opts: OpenClawCliOptions,
  ) {}

  locate(): Promise<string | null> {
    this.#located ??= this.opts.bin
      ? this.runner.which(this.opts.bin, this.opts.env.PATH)
      : this.runner.which('openclaw', this.opts.env.PATH);
    return this.#located;
  }

  version(): Promise<string | null> {
    this.#version ??= this.#readVersion();
    return this.#version;
  }

  async #readVersion(): Promise<string | null> {
    const bin = await this.locate();
    if (!bin) return null;
    // Cheap path: the package.json of the installed npm package (no 1-3 s Node start-up).
    try {
      let dir = dirname(await realpath(bin));
      for (let i = 0; i < 6; i++) {
        const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{}')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === 'openclaw' && pkg.version) return pkg.version;
        dir = dirname(dir);
      }
    } catch {
      /* fall through to asking the program */
    }
    const r = await this.runner.run(bin, ['--version'], {
      env: this.opts.env,
      timeoutMs: Math.min(this.opts.timeoutMs, 20_000),
    });
    return r.code === 0 ? extractVersion(r.stdout) : null;
  }

  /**
   * Runs `openclaw <args>` for one state dir, or explains why it could not: the CLI is missing,
   * could not start, timed out, or refused with AUTH_PROFILE_MIGRATION_REQUIRED.
   */
  async #invoke(
    what: string,
    target: { stateDir: string; configPath: string | null },
    args: string[],
    input?: string,
  ): Promise<
    | { ok: true; r: RunResult }
    | {
        ok: false;
        error: string;
        code: 'cli-missing' | 'cli-failed' | 'migration-required';
        r: RunResult | null;
      }
  > {
    const bin = await this.locate();
    if (!bin)
      return {
        ok: false,
        code: 'cli-missing',
        error: 'the openclaw CLI was not found (not on PATH, CLAWKEEPER_OPENCLAW_BIN unset)',
        r: null,
      };
    const env: Record<string, string | undefined> = {
      ...this.opts.env,
      OPENCLAW_STATE_DIR: target.stateDir,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    if (target.configPath) env.OPENCLAW_CONFIG_PATH = target.configPath;
    const r = await this.runner.run(bin, args, {
      env,
      timeoutMs: this.opts.timeoutMs,
      ...(input === undefined ? {} : { input }),
    });
    if (/AUTH_PROFILE_MIGRATION_REQUIRED/.test(r.stdout + '\n' + r.stderr))
      return {
        ok: false,
        code: 'migration-required',
        error:
          'OpenClaw refuses: AUTH_PROFILE_MIGRATION_REQUIRED (a legacy auth-profiles.json sits beside the SQLite store); stop the gateway and run `openclaw doctor --fix` first',
        r,
      };
    if (r.spawnError)
      return {
        ok: false,
        code: 'cli-missing',
        error: `the openclaw CLI could not be started (${r.spawnError})`,
        r,
      };
    if (r.timedOut)
      return {
        ok: false,
        code: 'cli-failed',
        error: `\`openclaw ${what}\` did not answer within ${this.opts.timeoutMs} ms`,
        r,
      };
    return { ok: true, r };
  }

  async modelsStatus(target: {
    stateDir: string;
    configPath: string | null;
    agentId: string;
  }): Promise<CliStatusResult> {
    const run = await this.#invoke('models status', target, [
      'models',
      'status',
      '--json',
      '--agent',
      target.agentId,
    ]);
    if (!run.ok) return { ok: false, code: run.code, error: run.error };
    const r = run.r;
    const json = jsonIn(r.stdout);
    if (r.code !== 0 && json === null)
      return { ok: false, code: 'cli-failed', error: `\`openclaw models status\` failed (exit ${r.code})` };
    if (json === null)
      return { ok: false, code: 'cli-failed', error: '`openclaw models status --json` printed no JSON' };
    return { ok: true, profiles: profilesIn(json), durationMs: r.durationMs };
  }

  /**
   * `models auth paste-token --help` of this release, read once per run: 2026.6.5 and 2026.7.35
   * have no `--agent` there (it arrived in 2026.8); the parent command's `models --agent <id>`
   * selects the agent on every release (test/interop/FINDINGS.md).
   */
  #pasteOptions(target: { stateDir: string; configPath: string | null }): Promise<string> {
    this.#pasteHelp ??= this.#invoke('models auth paste-token --help', target, [
      'models',
      'auth',
      'paste-token',
      '--help',
    ]).then((r) => (r.ok ? r.r.stdout + r.r.stderr : ''));
    return this.#pasteHelp;
  }

  async pasteToken(t: CliPasteTarget): Promise<CliPasteResult> {
    const tail = ['--provider', 'anthropic', '--profile-id', t.profileId];
    if (t.expiresIn) tail.push('--expires-in', t.expiresIn);
    let args = ['models', 'auth', 'paste-token', ...tail];
    if (t.agentId)
      args = /--agent\b/.test(await this.#pasteOptions(t))
        ? [...args, '--agent', t.agentId]
        : ['models', '--agent', t.agentId, 'auth', 'paste-token', ...tail];
    const run = await this.#invoke('models auth paste-token', t, args, t.token.reveal());
    if (!run.ok) return { ok: false, code: run.code, error: run.error };
    const r = run.r;
    const all = r.stdout + '\n' + r.stderr;
    if (r.code !== 0) {
      // OpenClaw masks tokens in its messages; redact anyway before showing a line of it.
      const line = all
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /error|unknown|invalid|required|failed/i.test(l));
      return {
        ok: false,
        code: 'cli-failed',
        error: `\`openclaw models auth paste-token\` failed (exit ${r.code})${line ? `: ${redact(line).slice(0, 300)}` : ''}`,
      };
    }
    return { ok: true, durationMs: r.durationMs };
  }
}

/** Every object with a `profileId` anywhere in the status document, first occurrence wins. */
export function profilesIn(doc: unknown): CliProfileStatus[] {
  const seen = new Map<string, CliProfileStatus>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.profileId === 'string' && !seen.has(o.profileId)) {
      const expires =
        typeof o.expiresAt === 'number' ? o.expiresAt : typeof o.expires === 'number' ? o.expires : null;
      seen.set(o.profileId, {
        profileId: o.profileId,
        provider:
          typeof o.provider === 'string'
            ? o.provider
            : o.profileId.includes(':')
              ? (o.profileId.split(':')[0] ?? null)
              : null,
        type: typeof o.type === 'string' ? o.type : typeof o.mode === 'string' ? o.mode : null,
        status: typeof o.status === 'string' ? o.status : 'unknown',
        expiresAt: expires && expires > 0 ? expires : null,
      });
    }
    Object.values(o).forEach(walk);
  };
  walk(doc);
  return [...seen.values()];
}

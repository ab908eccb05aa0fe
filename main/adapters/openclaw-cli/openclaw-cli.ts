import { jsonIn } from '../../core/kernel/json-in.ts';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { extractVersion } from '../../core/kernel/version.ts';
import { redact } from '../../core/kernel/redact.ts';
import type {
  CliPasteResult,
  CliPasteTarget,
  CliProfileStatus,
  CliProviderStatus,
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
 * in is the owner's own CLI (docs/domain.md §4). What it finds (the command, its release, the
 * options of its paste-token) is cached until `revalidate` sees another installation.
 */
export class OpenClawCliAdapter implements OpenClawCli {
  #located: Promise<string | null> | null = null;
  #version: Promise<string | null> | null = null;
  #pasteHelp: Promise<string> | null = null;
  /** what the installation looked like when the caches were filled (see `revalidate`) */
  #signature: string | null = null;
  /** the npm package folder of each resolved command path (a walk up reads package.json files) */
  #packageDirs = new Map<string, string | null>();

  constructor(
    private readonly runner: ProcessRunner,
    private readonly opts: OpenClawCliOptions,
  ) {}

  locate(): Promise<string | null> {
    this.#located ??= this.#which();
    return this.#located;
  }

  #which(): Promise<string | null> {
    return this.runner.which(this.opts.bin ?? 'openclaw', this.opts.env.PATH);
  }

  version(): Promise<string | null> {
    this.#version ??= this.#readVersion();
    return this.#version;
  }

  async revalidate(): Promise<boolean> {
    const bin = await this.#which();
    const signature = await this.#signatureOf(bin);
    if (this.#signature === signature && this.#located !== null) return false;
    const changed = this.#signature !== null && this.#signature !== signature;
    this.#signature = signature;
    this.#located = Promise.resolve(bin);
    this.#version = null;
    this.#pasteHelp = null;
    return changed;
  }

  async installationDirs(): Promise<readonly string[]> {
    const bin = await this.locate();
    if (!bin) return [];
    const pkg = await this.#packageDirOf(await realpath(bin).catch(() => bin));
    // the package's parent too: npm replaces a package folder by rename, which a watch of the
    // folder itself does not survive
    return [dirname(bin), ...(pkg ? [pkg, dirname(pkg)] : [])];
  }

  /** The command's path, where it resolves to, and its package.json's identity (a few stats). */
  async #signatureOf(bin: string | null): Promise<string> {
    if (!bin) return 'none';
    const real = await realpath(bin).catch(() => bin);
    const pkg = await this.#packageDirOf(real);
    const st = pkg ? await stat(join(pkg, 'package.json')).catch(() => null) : null;
    return JSON.stringify([bin, real, pkg, st?.ino, st?.size, st?.mtimeMs]);
  }

  /** The folder of the `openclaw` npm package holding this file, or null (a native or odd install). */
  async #packageDirOf(real: string): Promise<string | null> {
    const known = this.#packageDirs.get(real);
    if (known !== undefined) {
      // a package folder replaced by another release keeps its path; one removed is forgotten
      if (known === null || (await stat(join(known, 'package.json')).catch(() => null))) return known;
    }
    let found: string | null = null;
    let dir = dirname(real);
    for (let i = 0; i < 6 && found === null; i++) {
      if ((await readPackage(dir))?.name === 'openclaw') found = dir;
      dir = dirname(dir);
    }
    this.#packageDirs.set(real, found);
    return found;
  }

  async #readVersion(): Promise<string | null> {
    const bin = await this.locate();
    if (!bin) return null;
    // Cheap path: the package.json of the installed npm package (no 1-3 s Node start-up).
    const pkg = await this.#packageDirOf(await realpath(bin).catch(() => bin));
    const version = pkg ? (await readPackage(pkg))?.version : undefined;
    if (version) return version;
    const r = await this.runner.run(bin, ['--version'], {
      env: this.opts.env,
      program: 'openclaw',
      named: this.opts.bin !== null,
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
      program: 'openclaw',
      // a path from settings or CLAWKEEPER_OPENCLAW_BIN runs only when nobody else can replace it
      named: this.opts.bin !== null,
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
    const auth = (json as { auth?: { missingProvidersInUse?: unknown } } | null)?.auth;
    const missing = Array.isArray(auth?.missingProvidersInUse)
      ? auth.missingProvidersInUse.filter((x): x is string => typeof x === 'string')
      : [];
    return {
      ok: true,
      profiles: profilesIn(json),
      providers: providersIn(json),
      missing,
      durationMs: r.durationMs,
    };
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

/**
 * `auth.oauth.providers[]` of the status document: per provider the profiles OpenClaw lists and
 * its `effectiveProfiles` (the order the gateway tries them in).
 */
export function providersIn(doc: unknown): CliProviderStatus[] {
  const rec = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const list = rec(rec(rec(doc)?.auth)?.oauth)?.providers;
  if (!Array.isArray(list)) return [];
  const ids = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.flatMap((p) => {
          const id = rec(p)?.profileId;
          return typeof id === 'string' ? [id] : [];
        })
      : [];
  return list.flatMap((p) => {
    const o = rec(p);
    return o && typeof o.provider === 'string'
      ? [{ provider: o.provider, effective: ids(o.effectiveProfiles), listed: ids(o.profiles) }]
      : [];
  });
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
        reasonCode: typeof o.reasonCode === 'string' ? o.reasonCode.slice(0, 64) : null,
      });
    }
    Object.values(o).forEach(walk);
  };
  walk(doc);
  return [...seen.values()];
}

/** `name` and `version` of the package.json in `dir`, or null when there is none that parses. */
async function readPackage(dir: string): Promise<{ name?: unknown; version?: string } | null> {
  try {
    const doc = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as unknown;
    if (doc === null || typeof doc !== 'object') return null;
    const o = doc as { name?: unknown; version?: unknown };
    return { name: o.name, ...(typeof o.version === 'string' ? { version: o.version } : {}) };
  } catch {
    return null;
  }
}

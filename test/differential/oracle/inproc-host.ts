/**
 * One long-lived Node 24 process per release that runs the release's own CLI (the function its
 * launcher ends in, see loadMain) once per job, with that job's environment, working folder and
 * stdin. It pays the release's ~3 s of module loading once instead of per call.
 *
 * Isolation between homes: process.env is replaced per job (and restored), every home lives at
 * its own path, and the release's own process-wide config snapshot is reset before each job
 * (`resetConfigRuntimeState` and friends, found by name in its dist). Whether that is enough is
 * not assumed: `--verify-oracle` compares this path with the real subprocess on a sample.
 *
 * Run by Node 24 directly (type stripping): plain TypeScript syntax only, no imports of ours.
 * Started by runner.ts with an IPC channel; messages are {id, argv, env, cwd, stdin}.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

interface Job {
  id: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin?: string;
}

const dist = process.argv[2];
if (!dist) throw new Error('usage: inproc-host.ts <release dist folder>');
// the release's launcher turns on Node's compile cache before loading its code; so does the host
// (2026.3.13 loads several 6 MB bundles: ~35 s of CPU cold, a fraction warm)
// (the project's Node types predate module.enableCompileCache, Node ≥ 22.1)
const { enableCompileCache } = nodeModule as { enableCompileCache?: (dir: string) => unknown };
if (process.env.CK_DIFF_COMPILE_CACHE) enableCompileCache?.(process.env.CK_DIFF_COMPILE_CACHE);

/**
 * Process-wide state the releases keep between commands of one process, reset before each job
 * with the releases' own reset functions (the ones their tests call between cases), found by name:
 * the pinned config snapshot, the config guard's cached snapshot and its once-per-process doctor
 * flow (a stale agent list without it: 2026.6.1 said "Unknown agent id" for an agent added two
 * commands before), the legacy state-folder migration's once flag, auth-store and secrets
 * snapshots, config overrides, shell-env keys, plugin metadata. Older releases bundle duplicate
 * copies of these into multi-megabyte chunks that the CLI may never load: chunks over 1 MB are
 * skipped, and their config cache is turned off by `OPENCLAW_DISABLE_CONFIG_CACHE` /
 * `CLAWDBOT_DISABLE_CONFIG_CACHE` in each job's environment instead (runner.ts). What is left is
 * bounded by restarting the host every few homes, and measured by --verify-oracle/--verify-build.
 */
const RESETS = [
  'resetConfigRuntimeState',
  'clearRuntimeConfigSnapshot',
  'clearConfigCache',
  'resetConfigGuardStateForTests',
  'resetAutoMigrateLegacyStateDirForTest',
  'resetAutoMigrateLegacyStateForTest',
  'resetAutoMigrateLegacyAgentDirForTest',
  'clearRuntimeAuthProfileStoreSnapshots',
  'clearLoadedAuthStoreCache',
  'clearSecretsRuntimeSnapshot',
  'resetConfigOverrides',
  'clearShellEnvAppliedKeys',
  'clearAuthProfileMigrationDiagnostics',
  'clearCurrentPluginMetadataSnapshot',
  'resetProviderAuthAliasMapCacheForTest',
  'resetExternalAuthFallbackWarningCacheForTest',
  'clearModelAuthStatusUsageCache',
];
const MAX_CHUNK = 1_000_000;

/**
 * A function of a loaded chunk by its source name: bundles export it under a minified alias, or
 * only inside a test-API object (`testApi`, `__test__`, a namespace of the module's exports).
 */
function exportedFunction(mod: Record<string, unknown>, fn: string): (() => void) | null {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): (() => void) | null => {
    if (typeof v === 'function') return v.name === fn ? (v as () => void) : null;
    if (!v || typeof v !== 'object' || depth > 2 || seen.has(v)) return null;
    seen.add(v);
    for (const k of Object.keys(v)) {
      const hit = visit((v as Record<string, unknown>)[k], depth + 1);
      if (hit) return hit;
    }
    return null;
  };
  return visit(mod, 0);
}

async function findResets(): Promise<string[]> {
  const found: string[] = [];
  for (const name of readdirSync(dist!)) {
    if (!/\.m?js$/.test(name) || statSync(join(dist!, name)).size > MAX_CHUNK) continue;
    const text = readFileSync(join(dist!, name), 'utf8');
    for (const fn of RESETS) {
      if (!text.includes(`function ${fn}(`)) continue;
      const mod = (await import(pathToFileURL(join(dist!, name)).href)) as Record<string, unknown>;
      const f = exportedFunction(mod, fn);
      if (f) {
        resetFns.push(f);
        found.push(`${fn}@${name}`);
      }
    }
  }
  return found;
}

/**
 * The function the release's launcher ends in. 2026.8 and later export `runMainOrRootHelp` from
 * entry.js (guarded by an is-main check, so importing it runs nothing): it wraps `runCli` with the
 * exit finalisation that turns `--check`'s requested exit code into the process's. Earlier releases
 * call `runCli` of their run-main module directly.
 */
async function loadMain(): Promise<(argv: string[]) => Promise<unknown>> {
  const entryPath = join(dist!, 'entry.js');
  const entry = readFileSync(entryPath, 'utf8');
  if (/export \{[^}]*\brunMainOrRootHelp\b/.test(entry)) {
    const mod = (await import(pathToFileURL(entryPath).href)) as {
      runMainOrRootHelp: (argv: string[]) => Promise<unknown>;
    };
    return (argv) => mod.runMainOrRootHelp(argv);
  }
  const rel = /import\(["']\.\/((?:cli\/)?run-main[^"']*\.js)["']\)/.exec(entry)?.[1];
  if (!rel) throw new Error(`no run-main module named in ${entryPath}`);
  const mod = (await import(pathToFileURL(join(dist!, rel)).href)) as {
    runCli: (argv: string[]) => Promise<unknown>;
  };
  return (argv) => mod.runCli(argv);
}

class HostExit extends Error {
  code: number;
  constructor(code: number) {
    super(`process.exit(${code})`);
    this.code = code;
  }
}

const resetFns: Array<() => void> = [];
const resets = await findResets();
const runMain = await loadMain();
/**
 * process.exit, for the whole life of the host: inside a job it ends that job (HostExit stops the
 * command's flow); outside a job (a late timer of a finished command) it does nothing, where a real
 * process would already be gone.
 */
let onExit: ((code?: number) => never) | null = null;
process.exit = (code?: number) => (onExit ? onExit(code) : (undefined as never));
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin')!;
const argv0 = process.argv.slice(0, 2);
const real = { setTimeout, setInterval, clearTimeout, clearInterval };

/**
 * Timers a job starts are cleared when it ends: a real process would have exited there (its
 * stall watchdogs and retry waits die with it) and must not fire inside the next home's job.
 */
function trackTimers(): () => void {
  const handles: Array<ReturnType<typeof setTimeout>> = [];
  const wrap = <F extends (...a: never[]) => ReturnType<typeof setTimeout>>(f: F): F =>
    ((...a: Parameters<F>) => {
      const h = f(...a);
      handles.push(h);
      return h;
    }) as F;
  globalThis.setTimeout = wrap(real.setTimeout);
  globalThis.setInterval = wrap(real.setInterval);
  return () => {
    globalThis.setTimeout = real.setTimeout;
    globalThis.setInterval = real.setInterval;
    for (const h of handles) {
      real.clearTimeout(h);
      real.clearInterval(h);
    }
  };
}

/**
 * Listeners a job adds to `process` (releases install uncaughtException and signal handlers per
 * run) are removed when it ends, as they would die with a real process.
 */
function trackListeners(): () => void {
  const before = new Map(process.eventNames().map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  return () => {
    for (const e of process.eventNames()) {
      const kept = before.get(e);
      for (const l of process.listeners(e as 'exit'))
        if (!kept?.has(l)) process.removeListener(e as 'exit', l);
    }
  };
}

async function runJob(job: Job) {
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, job.env);
  process.chdir(job.cwd);
  for (const reset of resetFns) reset();
  let stdout = '';
  let stderr = '';
  let finished = false;
  let code: number | null = null;
  const capture =
    (to: 'out' | 'err') =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (!finished) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (to === 'out') stdout += text;
        else stderr += text;
      }
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  process.stdout.write = capture('out');
  process.stderr.write = capture('err');
  const stdin = Readable.from(job.stdin !== undefined ? [Buffer.from(job.stdin)] : []);
  Object.defineProperty(process, 'stdin', { value: stdin, configurable: true, enumerable: true });
  // the first exit decides, as in a real process; output after it is dropped
  onExit = (c?: number) => {
    // a second exit (a release's own uncaughtException handler, seeing the first one) changes nothing
    if (finished) return undefined as never;
    if (code === null) code = typeof c === 'number' ? c : Number(process.exitCode ?? 0) || 0;
    finished = true;
    throw new HostExit(code);
  };
  process.exitCode = undefined;
  process.argv = [...argv0, ...job.argv];
  const untrack = trackTimers();
  const unlisten = trackListeners();
  const t0 = performance.now();
  try {
    await runMain([argv0[0]!, 'openclaw', ...job.argv]);
    // an exit requested after the output drains (one-shot commands) still belongs to this job
    await new Promise((r) => real.setTimeout(r, 25));
  } catch (e: unknown) {
    if (!(e instanceof HostExit) && !finished)
      stderr += `inproc-host: uncaught ${String((e as Error)?.stack ?? e)}\n`;
  }
  finished = true;
  untrack();
  unlisten();
  if (code === null) code = Number(process.exitCode ?? 0) || 0;
  process.exitCode = undefined;
  onExit = null;
  process.stdout.write = realOut;
  process.stderr.write = realErr;
  Object.defineProperty(process, 'stdin', stdinDescriptor);
  return { id: job.id, code, stdout, stderr, ms: performance.now() - t0 };
}

// a release may leave a rejected promise behind after its command returned: keep serving
process.on('unhandledRejection', () => undefined);
process.on('uncaughtException', (e) => {
  if (!(e instanceof HostExit)) realErr(`inproc-host: uncaught exception ${String(e?.stack ?? e)}\n`);
});

let queue: Promise<void> = Promise.resolve();
process.on('message', (job: Job) => {
  queue = queue.then(async () => {
    process.send!(await runJob(job));
  });
});
process.send!({ ready: true, resets });

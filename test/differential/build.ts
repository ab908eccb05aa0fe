/**
 * Builds one recipe into a throwaway HOME on the real file system: the release's commands through a
 * runner, the hand-written files in the release's format. A command that fails is recorded and the
 * build goes on, as a user's shell would: the home is whatever the release left.
 */
import { mkdtemp, mkdir, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReleaseCaps } from './releases.ts';
import { fill, fillDeep, type Recipe } from './recipe.ts';
import { setProfile, setRouting, stateDirOf } from './home-files.ts';
import type { ReleaseRunner } from './oracle/runner.ts';

export interface StepOutcome {
  readonly step: number;
  readonly code: number;
  /** last lines of the command's stderr (or the hand write's error) when it failed */
  readonly error: string | null;
  readonly ms: number;
}

export interface BuiltHome {
  readonly dir: string;
  /** the environment every command ran with and both judges are run with */
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly outcomes: readonly StepOutcome[];
}

export interface BuildContext {
  /** folder that holds every home of the run */
  readonly root: string;
  /** PATH with Node 24 and the release's executable first */
  readonly path: string;
  /** TMPDIR of the run (the releases write logs and lock folders under it) */
  readonly tmp: string;
}

/** The environment of a home: nothing of the real user's, plus the recipe's variables. */
export function homeEnv(recipe: Recipe, dir: string, ctx: BuildContext): Record<string, string> {
  const env: Record<string, string> = {
    PATH: ctx.path,
    HOME: dir,
    USER: 'tester',
    LOGNAME: 'tester',
    TMPDIR: ctx.tmp,
    XDG_CONFIG_HOME: join(dir, '.config'),
    XDG_STATE_HOME: join(dir, '.local/state'),
    NO_COLOR: '1',
    // belt and braces with the failing `npm` first on PATH: no registry, no update checks
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    OPENCLAW_NO_AUTO_UPDATE: '1',
  };
  for (const [k, v] of Object.entries(recipe.env)) env[k] = fill(v, recipe.tokens, dir);
  return env;
}

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 400);

/** Runs every step of the recipe into a new folder under ctx.root. */
export async function buildHome(
  recipe: Recipe,
  caps: ReleaseCaps,
  runner: ReleaseRunner,
  ctx: BuildContext,
): Promise<BuiltHome> {
  const r = caps.release;
  const dir = await mkdtemp(join(ctx.root, `h${recipe.home}-${r.version}-`));
  const env = homeEnv(recipe, dir, ctx);
  // the judge's own settings: OpenClaw warns 24 h before a static expiry, so does Clawkeeper here
  await write(
    join(dir, '.config/clawkeeper/settings.json'),
    JSON.stringify({ health: { staticWarnDays: 1 } }),
  );
  const outcomes: StepOutcome[] = [];
  for (const [i, step] of recipe.steps.entries()) {
    const t0 = performance.now();
    try {
      const state = stateDirOf(dir, env, r);
      switch (step.do) {
        case 'cli': {
          const res = await runner.run({
            argv: step.argv.map((a) => fill(a, recipe.tokens, dir)),
            env,
            cwd: dir,
            ...(step.stdin !== undefined ? { stdin: fill(step.stdin, recipe.tokens, dir) } : {}),
          });
          outcomes.push({
            step: i,
            code: res.code,
            error: res.code === 0 ? null : tail(res.stderr || res.stdout),
            ms: res.ms,
          });
          continue;
        }
        case 'file': {
          const path = step.path.startsWith('$STATE/')
            ? join(state, step.path.slice(7))
            : join(dir, step.path);
          const body =
            step.json !== undefined
              ? JSON.stringify(fillDeep(step.json, recipe.tokens, dir), null, 2)
              : fill(step.text ?? '', recipe.tokens, dir);
          await write(path, body);
          break;
        }
        case 'profile':
          await setProfile(
            state,
            r,
            step.agent,
            step.profileId,
            fillDeep(step.set, recipe.tokens, dir),
            step.into ?? 'store',
          );
          break;
        case 'state':
          await setRouting(state, r, step.agent, {
            ...(step.lastGood ? { lastGood: { ...step.lastGood } } : {}),
            ...(step.usageStats ? { usageStats: fillDeep({ ...step.usageStats }, recipe.tokens, dir) } : {}),
          });
          break;
      }
      outcomes.push({ step: i, code: 0, error: null, ms: performance.now() - t0 });
    } catch (e: unknown) {
      outcomes.push({
        step: i,
        code: -1,
        error: tail(e instanceof Error ? e.message : String(e)),
        ms: performance.now() - t0,
      });
    }
  }
  return { dir, env, cwd: dir, outcomes };
}

async function write(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, body, { mode: 0o600 });
  await chmod(path, 0o600);
}

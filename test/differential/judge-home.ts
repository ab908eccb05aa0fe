/**
 * One home from start to verdict: compiled for the release, built, asked to the release and to
 * Clawkeeper, compared. Shared by the run (run-release.ts) and the shrinker (shrink.ts).
 */
import { dirname, join } from 'node:path';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import type { Programs } from '../interop/programs.ts';
import { buildHome, type BuildContext, type BuiltHome } from './build.ts';
import { compare, releaseExit } from './compare.ts';
import { compile } from './compile.ts';
import { askClawkeeper } from './keeper-view.ts';
import { askRelease, type AgentAnswer } from './oracle/ask-release.ts';
import type { ReleaseCaps } from './releases.ts';
import type { HomeResult } from './report.ts';
import type { HomeSpec } from './spec.ts';
import type { ReleaseRunner } from './oracle/runner.ts';

/** Everything a home is judged with, for one release. */
export interface Bench {
  readonly caps: ReleaseCaps;
  readonly ctx: BuildContext;
  /** Node 24's executable (Clawkeeper runs on it) */
  readonly node: string;
  /** the release's executable */
  readonly bin: string;
  readonly clawkeeper: string;
}

/** The release's dist folder (its readable JS), beside its executable's package. */
export function distOf(bin: string, cli: string): string {
  // node_modules/.bin/<cli> → node_modules/<cli>/dist
  return join(dirname(dirname(bin)), cli, 'dist');
}

/**
 * A folder whose `npm` fails at once: releases try to install plugins from the npm registry (for
 * an OpenAI model, 2026.6.1 fetches and installs `@openclaw/codex`), and nothing here may reach the
 * internet. The install fails as it would offline; the answer of `models status` does not use it.
 */
async function offlineBin(base: string): Promise<string> {
  const dir = join(base, 'offline-bin');
  await mkdir(dir, { recursive: true });
  const npm = join(dir, 'npm');
  await writeFile(npm, '#!/bin/sh\necho "npm: offline (differential harness)" >&2\nexit 1\n');
  await chmod(npm, 0o755);
  return dir;
}

/** The bench of one release under a work folder. */
export async function benchFor(
  caps: ReleaseCaps,
  p: Programs,
  root: string,
  clawkeeper: string,
): Promise<Bench> {
  const bin = p.releases[caps.release.version]!;
  const base = join(root, caps.release.version);
  const tmp = join(base, 'tmp');
  await mkdir(tmp, { recursive: true });
  const path = `${await offlineBin(base)}:${p.node24}:${dirname(bin)}:${process.env.PATH ?? ''}`;
  return { caps, ctx: { root: base, path, tmp }, node: join(p.node24, 'node'), bin, clawkeeper };
}

export interface Judged {
  readonly result: HomeResult;
  readonly home: BuiltHome;
  readonly answers: readonly AgentAnswer[];
}

/** Builds and judges one home with the given runner. The caller deletes `home.dir`. */
export async function judgeHome(spec: HomeSpec, b: Bench, runner: ReleaseRunner): Promise<Judged> {
  const recipe = compile(spec, b.caps);
  const t0 = performance.now();
  const home = await buildHome(recipe, b.caps, runner, b.ctx);
  const t1 = performance.now();
  const answers = await askRelease(b.caps, home, recipe.agents, runner);
  const t2 = performance.now();
  const keeper = await askClawkeeper(home, b.node, b.clawkeeper);
  const t3 = performance.now();
  const views = answers.map((a) => a.view);
  const result: HomeResult = {
    release: b.caps.release.version,
    seed: spec.seed,
    home: spec.home,
    summary: recipe.summary,
    spec,
    recipe,
    failedSteps: home.outcomes.filter((x) => x.code !== 0),
    releaseExit: views.length === recipe.agents.length ? releaseExit(views) : null,
    keeperExit: keeper.exit,
    // Clawkeeper's exit code covers every agent: compared only when the release was asked about all
    disagreements: compare(views, keeper, { wholeHome: views.length === recipe.agents.length }),
    views,
    keeper: {
      exit: keeper.exit,
      worst: keeper.worst,
      routes: keeper.routes !== null,
      credentials: keeper.credentials.map((c) => ({ id: c.id, state: c.state })),
    },
    ms: { build: t1 - t0, oracle: t2 - t1, keeper: t3 - t2 },
  };
  return { result, home, answers };
}

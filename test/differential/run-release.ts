/**
 * The homes of one release: each built with the release's own commands, asked to the release and to
 * Clawkeeper, compared, tallied, then deleted. `jobs` homes are in flight at once, each with its own
 * runner (an in-process host runs one command at a time).
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Programs } from '../interop/programs.ts';
import { buildHome, type BuildContext } from './build.ts';
import { compare } from './compare.ts';
import { recipeFor } from './compile.ts';
import { askClawkeeper } from './keeper-view.ts';
import { askRelease, statusJob } from './oracle/ask-release.ts';
import { InprocRunner, SubprocessRunner, type ReleaseRunner } from './oracle/runner.ts';
import { answerDifference } from './oracle/verify.ts';
import type { ReleaseCaps } from './releases.ts';
import { releaseExit } from './compare.ts';
import type { Tally } from './report.ts';

export interface RunOptions {
  readonly seed: number;
  readonly homes: readonly number[];
  readonly oracle: 'inproc' | 'subprocess';
  readonly verifyOracle: number;
  readonly verifyBuild: number;
  readonly jobs: number;
  readonly keep: boolean;
  readonly quiet: boolean;
  readonly root: string;
  readonly programs: Programs;
  /** the `clawkeeper` executable judged (default: this checkout's bin/clawkeeper.mjs) */
  readonly clawkeeper: string;
}

/** The release's dist folder (its readable JS), beside its executable's package. */
function distOf(bin: string, cli: string): string {
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

export async function runRelease(caps: ReleaseCaps, o: RunOptions, tally: Tally): Promise<void> {
  const r = caps.release;
  const bin = o.programs.releases[r.version]!;
  const node = join(o.programs.node24, 'node');
  const base = join(o.root, r.version);
  const tmp = join(base, 'tmp');
  await mkdir(tmp, { recursive: true });
  const path = `${await offlineBin(base)}:${o.programs.node24}:${dirname(bin)}:${process.env.PATH ?? ''}`;
  const ctx: BuildContext = { root: base, path, tmp };
  const real = new SubprocessRunner(bin);
  const runners: ReleaseRunner[] = Array.from({ length: o.jobs }, (_, i) =>
    o.oracle === 'inproc'
      ? new InprocRunner(node, distOf(bin, r.cli), join(base, `host-${i}`), path)
      : new SubprocessRunner(bin),
  );
  const queue = [...o.homes];
  let done = 0;
  const worker = async (runner: ReleaseRunner) => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      const recipe = recipeFor(o.seed, k, caps);
      const t0 = performance.now();
      const home = await buildHome(recipe, caps, runner, ctx);
      const t1 = performance.now();
      const answers = await askRelease(caps, home, recipe.agents, runner);
      const t2 = performance.now();
      const keeper = await askClawkeeper(home, node, o.clawkeeper);
      const t3 = performance.now();
      const views = answers.map((a) => a.view);
      const disagreements = compare(views, keeper);
      const index = o.homes.indexOf(k);
      if (runner.kind === 'inproc' && index < o.verifyOracle) {
        for (const [i, agent] of recipe.agents.entries()) {
          const truth = await real.run(statusJob(caps, home, agent));
          tally.verified++;
          const diff = answerDifference(answers[i]!.raw, truth, [home.dir]);
          if (diff) tally.oracleMismatches.push({ release: r.version, home: k, agent, what: diff });
        }
      }
      if (index < o.verifyBuild) {
        const twin = await buildHome(recipe, caps, real, ctx);
        for (const [i, agent] of recipe.agents.entries()) {
          const truth = await real.run(statusJob(caps, twin, agent));
          tally.verified++;
          const diff = answerDifference(answers[i]!.raw, truth, [home.dir, twin.dir], false);
          if (diff)
            tally.oracleMismatches.push({
              release: r.version,
              home: k,
              agent,
              what: `built by processes: ${diff}`,
            });
        }
        if (!o.keep) await rm(twin.dir, { recursive: true, force: true });
      }
      const failedSteps = home.outcomes.filter((x) => x.code !== 0);
      tally.add({
        release: r.version,
        seed: o.seed,
        home: k,
        summary: recipe.summary,
        recipe,
        failedSteps,
        releaseExit: releaseExit(views),
        keeperExit: keeper.exit,
        disagreements,
        views,
        keeper: {
          exit: keeper.exit,
          worst: keeper.worst,
          routes: keeper.routes !== null,
          credentials: keeper.credentials.map((c) => ({ id: c.id, state: c.state })),
        },
        ms: { build: t1 - t0, oracle: t2 - t1, keeper: t3 - t2 },
      });
      done++;
      if (!o.quiet) {
        const kinds = [...new Set(disagreements.map((d) => d.kind))];
        const failed = failedSteps.length
          ? ` [${failedSteps.length} step(s) failed: ${failedSteps
              .map((f) => `#${f.step} ${f.error ?? f.code}`)
              .join('; ')
              .slice(0, 200)}]`
          : '';
        process.stderr.write(
          `[${r.version}] ${done}/${o.homes.length} seed ${o.seed} home ${k}: ${kinds.length ? kinds.join(' ') : 'agree'}${failed}${o.keep ? ` (${home.dir})` : ''}\n`,
        );
      }
      if (!o.keep) await rm(home.dir, { recursive: true, force: true });
    }
  };
  try {
    await Promise.all(runners.map(worker));
  } finally {
    await Promise.all([...runners, real].map((x) => x.close()));
  }
}

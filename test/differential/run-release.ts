/**
 * The homes of one release: each built with the release's own commands, asked to the release and to
 * Clawkeeper, compared, tallied, then deleted. `jobs` homes are in flight at once, each with its own
 * runner (an in-process host runs one command at a time).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Programs } from '../interop/programs.ts';
import { buildHome } from './build.ts';
import { benchFor, distOf, judgeHome, type Bench, type Judged } from './judge-home.ts';
import { statusJob } from './oracle/ask-release.ts';
import { InprocRunner, SubprocessRunner, type ReleaseRunner } from './oracle/runner.ts';
import { answerDifference } from './oracle/verify.ts';
import type { ReleaseCaps } from './releases.ts';
import type { Tally } from './report.ts';
import { drawSpec, type HomeSpec } from './spec.ts';

export interface RunOptions {
  readonly seed: number;
  readonly homes: readonly number[];
  readonly oracle: 'inproc' | 'subprocess';
  readonly verifyOracle: number;
  readonly verifyBuild: number;
  readonly jobs: number;
  /** in-process hosts are restarted after this many homes (bounds whatever state a release keeps) */
  readonly recycle: number;
  readonly keep: boolean;
  readonly quiet: boolean;
  readonly root: string;
  readonly programs: Programs;
  /** homes given whole (a saved case), instead of drawn from the seed; `homes` are their indexes */
  readonly specs?: readonly HomeSpec[];
  /** the `clawkeeper` executable judged (default: this checkout's bin/clawkeeper.mjs) */
  readonly clawkeeper: string;
}

/** A runner for the bench: the in-process host (one per job), or the release as a process. */
export function runnerFor(b: Bench, oracle: 'inproc' | 'subprocess', slot: number): ReleaseRunner {
  return oracle === 'inproc'
    ? new InprocRunner(
        b.node,
        distOf(b.bin, b.caps.release.cli),
        join(b.ctx.root, `host-${slot}`),
        b.ctx.path,
        b.caps.pinsAtImport,
      )
    : new SubprocessRunner(b.bin);
}

/** Asks the real process what the in-process host was asked (same home; or a twin built by processes). */
async function verify(
  j: Judged,
  b: Bench,
  real: SubprocessRunner,
  tally: Tally,
  twin: boolean,
  keep: boolean,
) {
  const r = j.result;
  const home = twin ? await buildHome(r.recipe, b.caps, real, b.ctx) : j.home;
  // the agents the release was asked about (Clawdbot: main alone)
  for (const answer of j.answers) {
    const agent = answer.view.agent;
    const truth = await real.run(statusJob(b.caps, home, agent));
    tally.verified++;
    const diff = answerDifference(answer.raw, truth, twin ? [j.home.dir, home.dir] : [j.home.dir], !twin);
    if (diff)
      tally.oracleMismatches.push({
        release: r.release,
        home: r.home,
        agent,
        what: twin ? `built by processes: ${diff}` : diff,
      });
  }
  if (twin && !keep) await rm(home.dir, { recursive: true, force: true });
}

function progressLine(j: Judged, done: number, total: number, keep: boolean): string {
  const r = j.result;
  const kinds = [...new Set(r.disagreements.map((d) => d.kind))];
  const failed = r.failedSteps.length
    ? ` [${r.failedSteps.length} step(s) failed: ${r.failedSteps
        .map((f) => `#${f.step} ${f.error ?? f.code}`)
        .join('; ')
        .slice(0, 200)}]`
    : '';
  return `[${r.release}] ${done}/${total} seed ${r.seed} home ${r.home}: ${kinds.length ? kinds.join(' ') : 'agree'}${failed}${keep ? ` (${j.home.dir})` : ''}\n`;
}

export async function runRelease(caps: ReleaseCaps, o: RunOptions, tally: Tally): Promise<void> {
  const b = await benchFor(caps, o.programs, o.root, o.clawkeeper);
  const real = new SubprocessRunner(b.bin);
  const runners = Array.from({ length: o.jobs }, (_, i) => runnerFor(b, o.oracle, i));
  const queue = [...o.homes];
  let done = 0;
  const worker = async (runner: ReleaseRunner) => {
    let served = 0;
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      if (served++ > 0 && served % o.recycle === 1) await runner.close();
      const j = await judgeHome(o.specs?.[k] ?? drawSpec(o.seed, k), b, runner);
      const index = o.homes.indexOf(k);
      if (runner.kind === 'inproc' && index < o.verifyOracle) await verify(j, b, real, tally, false, o.keep);
      if (index < o.verifyBuild) await verify(j, b, real, tally, true, o.keep);
      tally.add(j.result);
      done++;
      if (!o.quiet) process.stderr.write(progressLine(j, done, o.homes.length, o.keep));
      if (!o.keep) await rm(j.home.dir, { recursive: true, force: true });
    }
  };
  try {
    await Promise.all(runners.map(worker));
  } finally {
    await Promise.all([...runners, real].map((x) => x.close()));
  }
}

/**
 * `npm run test:differential -- --homes N [--release R] [--seed S] [--home K] …`: generates homes,
 * builds each with the real release's own commands, asks the release and Clawkeeper, and tallies
 * every disagreement by kind. Exits 1 when a kind is neither deliberate (FINDINGS.md) nor known
 * (baseline.json), or when the in-process oracle disagrees with the real process.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { programs } from '../interop/programs.ts';
import { CLAWKEEPER_BIN } from './keeper-view.ts';
import { BASELINE, loadBaseline, loadDeliberate } from './known.ts';
import { RELEASE_CAPS, releaseCaps } from './releases.ts';
import { Tally, saveCases } from './report.ts';
import { shrinkCase } from './shrink.ts';
import type { HomeSpec } from './spec.ts';
import { runRelease, type RunOptions } from './run-release.ts';

const HELP = `usage: npm run test:differential -- [options]
  --homes N          homes per release (default 20)
  --release R        a release version (repeatable; default: all seven)
  --seed S           the run's seed (default: random, printed)
  --home K           only home K of the seed (rebuilds one home)
  --case FILE        the home saved in a case file (its release unless --release is given)
  --oracle M         inproc (default) or subprocess
  --verify-oracle N  also ask the real process on the first N homes of each release and compare
  --verify-build N   also build the first N homes a second time with real processes and compare
  --jobs J           homes built at once per release (default 1)
  --parallel P       releases run at once (default 1)
  --recycle N        restart each in-process host after N homes (default 25)
  --sample           the CI sample: --seed 15077 --homes 2 --verify-oracle 1 --parallel 2 --quiet
  --out FILE         write the JSON report there
  --save-cases DIR   write one reproducing home per kind there (the smallest seen)
  --shrink-cases DIR make every case file in DIR minimal (removes parts while the kind stays)
  --clawkeeper BIN   the clawkeeper executable to judge (default: this checkout's bin/clawkeeper.mjs)
  --update-baseline  replace test/differential/baseline.json's entries of the releases run with
                     the kinds this run saw (after a fix: --sample --update-baseline shrinks it)
  --keep             keep the homes (printed) instead of deleting them
  --quiet            no line per home
`;

/** --shrink-cases: every case file of the folder made minimal, one after the other. */
async function shrinkAll(dir: string, clawkeeper: string): Promise<number> {
  const p = programs();
  const root = await mkdtemp(join(tmpdir(), 'ck-diff-shrink-'));
  try {
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const removed = await shrinkCase(join(dir, name), p, root, clawkeeper, 60, (s) =>
        process.stderr.write(s),
      );
      process.stdout.write(`${name}: removed ${removed.length ? removed.join(', ') : 'nothing'}\n`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return 0;
}

/** A case file written by --save-cases: the home's spec and the release it was seen on. */
function loadCase(path: string): { spec: HomeSpec; release: string } {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { spec?: HomeSpec; release?: string };
  if (!doc.spec || !doc.release) throw new Error(`${path} is not a case file (no spec or release)`);
  return { spec: doc.spec, release: doc.release };
}

/** Replaces the baseline's entries of the releases the run covered with the kinds it saw. */
function writeBaseline(tally: Tally): number {
  const kinds: Record<string, string[]> = { ...loadBaseline() } as Record<string, string[]>;
  for (const [release, list] of Object.entries(tally.knownOrNewKinds())) kinds[release] = list;
  const doc = {
    about:
      'Disagreement kinds of the CI sample (npm run test:differential -- --sample) known today and waiting for a fix, per release. A kind not here and not deliberate (test/interop/FINDINGS.md) fails the run. Shrink with --sample --update-baseline after a fix.',
    kinds,
  };
  writeFileSync(BASELINE, JSON.stringify(doc, null, 2) + '\n');
  return Object.values(kinds).reduce((n, l) => n + l.length, 0);
}

/** The CI sample (`--sample`): a few homes of every release, the oracle proved on the first. */
// seed 15077: its first two homes hold 16 of the 21 situations the generator draws (agents, orders,
// a mode mismatch, expired, OAuth, API key, disabled, lastGood, a Claude login, ~/.clawdbot, …)
export const SAMPLE = { seed: 15077, homes: 2, verify: 1, parallel: 2 };

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      homes: { type: 'string' },
      release: { type: 'string', multiple: true },
      seed: { type: 'string' },
      home: { type: 'string' },
      case: { type: 'string' },
      oracle: { type: 'string', default: 'inproc' },
      'verify-oracle': { type: 'string', default: '0' },
      'verify-build': { type: 'string', default: '0' },
      jobs: { type: 'string', default: '1' },
      parallel: { type: 'string', default: '1' },
      recycle: { type: 'string', default: '25' },
      sample: { type: 'boolean', default: false },
      out: { type: 'string' },
      'save-cases': { type: 'string' },
      'shrink-cases': { type: 'string' },
      clawkeeper: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'update-baseline': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.sample) {
    // fixed, so CI goes red only when Clawkeeper or a release changes, never by the luck of a draw
    values.seed ??= String(SAMPLE.seed);
    values.homes ??= String(SAMPLE.homes);
    if (values['verify-oracle'] === '0') values['verify-oracle'] = String(SAMPLE.verify);
    if (values.parallel === '1') values.parallel = String(SAMPLE.parallel);
    values.quiet = true;
  }
  const int = (v: string | undefined, name: string, dflt: number) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} takes a whole number, not ${JSON.stringify(v)}`);
    return n;
  };
  if (values['shrink-cases']) return shrinkAll(values['shrink-cases'], values.clawkeeper ?? CLAWKEEPER_BIN);
  const saved = values.case ? loadCase(values.case) : null;
  const seed = saved ? saved.spec.seed : int(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31));
  const only = values.home !== undefined ? int(values.home, 'home', 0) : null;
  const homes = saved
    ? [0]
    : only !== null
      ? [only]
      : Array.from({ length: int(values.homes, 'homes', 20) }, (_, i) => i);
  if (saved && !values.release?.length) values.release = [saved.release];
  if (values.oracle !== 'inproc' && values.oracle !== 'subprocess')
    throw new Error('--oracle is inproc or subprocess');
  const releases = values.release?.length
    ? values.release.flatMap((r) => r.split(',')).map((r) => releaseCaps(r.trim()))
    : RELEASE_CAPS;
  const p = programs();
  const root = await mkdtemp(join(tmpdir(), 'ck-diff-'));
  const opts: RunOptions = {
    seed,
    homes,
    oracle: values.oracle,
    verifyOracle: int(values['verify-oracle'], 'verify-oracle', 0),
    verifyBuild: int(values['verify-build'], 'verify-build', 0),
    jobs: Math.max(1, int(values.jobs, 'jobs', 1)),
    recycle: Math.max(1, int(values.recycle, 'recycle', 25)),
    keep: values.keep,
    quiet: values.quiet,
    root,
    programs: p,
    clawkeeper: values.clawkeeper ?? CLAWKEEPER_BIN,
    ...(saved ? { specs: [saved.spec] } : {}),
  };
  const tally = new Tally(loadDeliberate(), loadBaseline());
  const t0 = Date.now();
  process.stderr.write(
    `differential: seed ${seed}, ${homes.length} home(s) × ${releases.length} release(s), oracle ${opts.oracle}, work folder ${root}\n`,
  );
  const parallel = Math.max(1, int(values.parallel, 'parallel', 1));
  // a long run leaves its figures so far every few minutes, so a stopped run still says something
  const checkpoint = values.out
    ? setInterval(() => {
        void writeFile(
          values.out!,
          JSON.stringify({ ...tally.toJSON(seed, opts.oracle), partial: true }, null, 2) + '\n',
        );
      }, 300_000)
    : null;
  const todo = [...releases];
  try {
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let c = todo.shift(); c; c = todo.shift()) await runRelease(c, opts, tally);
      }),
    );
  } finally {
    if (checkpoint) clearInterval(checkpoint);
    if (!opts.keep) await rm(root, { recursive: true, force: true });
  }
  tally.print((s) => process.stdout.write(s));
  process.stdout.write(`\ndifferential: seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  if (values.out)
    await writeFile(values.out, JSON.stringify(tally.toJSON(seed, opts.oracle), null, 2) + '\n');
  if (values['save-cases'])
    process.stdout.write(
      `saved ${await saveCases(tally, values['save-cases'])} case(s) in ${values['save-cases']}\n`,
    );
  if (values['update-baseline']) {
    const b = writeBaseline(tally);
    process.stdout.write(`baseline: ${b} kind(s) written to ${BASELINE}\n`);
  } else if (values.sample) {
    // the baseline also holds the long run's open kinds, which two homes per release rarely show:
    // one line, not one per kind
    const gone = tally.staleBaseline(loadBaseline());
    if (gone.length)
      process.stdout.write(
        `baseline: ${gone.length} known kind(s) not seen in this run (after a fix, a long run with --update-baseline shrinks it)\n`,
      );
  }
  const fresh = values['update-baseline'] ? [] : tally.newKinds();
  for (const n of fresh)
    process.stdout.write(
      `NEW ${n.release} ${n.kind} (${n.homes} homes; reproduce: --seed ${n.example.seed} --home ${n.example.home} --release ${n.release})\n`,
    );
  const bad = fresh.length > 0 || tally.oracleMismatches.length > 0;
  if (bad)
    process.stdout.write(
      'differential: FAIL: a disagreement kind that is neither deliberate (test/interop/FINDINGS.md) nor known (test/differential/baseline.json), or an oracle mismatch\n',
    );
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`differential: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);

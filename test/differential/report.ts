/**
 * Tallies the homes of a run: agreement per release, disagreements by kind (each filed as
 * deliberate, known or new) with the smallest home that shows it, printed as a table and written as
 * a JSON report. Cases (one minimal reproducing home per kind) are saved from the same tally.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disagreement } from './compare.ts';
import { classify, deliberateFor, type Baseline, type Deliberate } from './known.ts';
import type { ReleaseAgentView } from './oracle/release-view.ts';
import { commandLines, type Recipe } from './recipe.ts';
import { RELEASE_CAPS } from './releases.ts';
import type { HomeSpec } from './spec.ts';

const ORDER: readonly string[] = RELEASE_CAPS.map((c) => c.release.version);
const byRelease = <T>(entries: Iterable<[string, T]>) =>
  [...entries].sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b));

export interface HomeResult {
  readonly release: string;
  readonly seed: number;
  readonly home: number;
  readonly summary: string;
  readonly spec: HomeSpec;
  readonly recipe: Recipe;
  readonly failedSteps: ReadonlyArray<{ step: number; code: number; error: string | null }>;
  /** the release's code over every agent; null where it could not be asked about every agent */
  readonly releaseExit: number | null;
  readonly keeperExit: number;
  readonly disagreements: readonly Disagreement[];
  readonly views: readonly ReleaseAgentView[];
  readonly keeper: {
    exit: number;
    worst: string | null;
    routes: boolean;
    credentials: ReadonlyArray<{ id: string; state: string }>;
  };
  readonly ms: { build: number; oracle: number; keeper: number };
}

interface KindEntry {
  readonly kind: string;
  readonly filed: 'deliberate' | 'known' | 'new';
  readonly reason: string | null;
  homes: number;
  example: HomeResult;
}

interface ReleaseTally {
  homes: number;
  agreeing: number;
  /** homes with no disagreement at all, deliberate ones included */
  identical: number;
  exitCompared: number;
  exitAgreeing: number;
  failedBuildSteps: number;
  kinds: Map<string, KindEntry>;
  ms: { build: number; oracle: number; keeper: number };
}

export class Tally {
  readonly releases = new Map<string, ReleaseTally>();
  readonly oracleMismatches: Array<{ release: string; home: number; agent: string; what: string }> = [];
  verified = 0;

  constructor(
    private readonly deliberate: readonly Deliberate[],
    private readonly baseline: Baseline,
  ) {}

  add(r: HomeResult): void {
    const t =
      this.releases.get(r.release) ??
      this.releases
        .set(r.release, {
          homes: 0,
          agreeing: 0,
          identical: 0,
          exitCompared: 0,
          exitAgreeing: 0,
          failedBuildSteps: 0,
          kinds: new Map(),
          ms: { build: 0, oracle: 0, keeper: 0 },
        })
        .get(r.release)!;
    t.homes++;
    t.failedBuildSteps += r.failedSteps.length;
    for (const k of ['build', 'oracle', 'keeper'] as const) t.ms[k] += r.ms[k];
    if (r.releaseExit !== null) t.exitCompared++;
    if (r.releaseExit !== null && r.releaseExit === r.keeperExit) t.exitAgreeing++;
    if (r.disagreements.length === 0) t.identical++;
    let agrees = true;
    for (const kind of new Set(r.disagreements.map((d) => d.kind))) {
      const filed = classify(kind, r.release, this.deliberate, this.baseline);
      if (filed !== 'deliberate') agrees = false;
      const e = t.kinds.get(kind);
      if (!e)
        t.kinds.set(kind, {
          kind,
          filed,
          reason: deliberateFor(this.deliberate, kind, r.release)?.reason ?? null,
          homes: 1,
          example: r,
        });
      else {
        e.homes++;
        if (r.recipe.steps.length < e.example.recipe.steps.length) e.example = r;
      }
    }
    if (agrees) t.agreeing++;
  }

  /** Per release, the kinds seen that are not deliberate (what a baseline of this run holds). */
  knownOrNewKinds(): Record<string, string[]> {
    return Object.fromEntries(
      byRelease(this.releases).map(([release, t]) => [
        release,
        [...t.kinds.values()]
          .filter((e) => e.filed !== 'deliberate')
          .map((e) => e.kind)
          .sort(),
      ]),
    );
  }

  /** Baseline kinds of the releases run that this run did not see. */
  staleBaseline(baseline: Baseline): Array<{ release: string; kind: string }> {
    const out = [];
    for (const [release, t] of this.releases)
      for (const kind of baseline[release] ?? []) if (!t.kinds.has(kind)) out.push({ release, kind });
    return out;
  }

  /** Kinds no deliberate entry or baseline covers, per release. */
  newKinds(): Array<{ release: string; kind: string; homes: number; example: HomeResult }> {
    const out = [];
    for (const [release, t] of this.releases)
      for (const e of t.kinds.values())
        if (e.filed === 'new') out.push({ release, kind: e.kind, homes: e.homes, example: e.example });
    return out;
  }

  /** The table printed at the end of a run. */
  print(write: (s: string) => void): void {
    for (const [release, t] of byRelease(this.releases)) {
      const pct = (n: number, of = t.homes) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
      write(
        `\n${release}: ${t.homes} homes, agreement ${pct(t.agreeing)} (identical ${pct(t.identical)}; exit code ${pct(t.exitAgreeing, t.exitCompared)} of ${t.exitCompared}), ` +
          `${t.failedBuildSteps} failed build steps; ms/home build ${Math.round(t.ms.build / t.homes)}, ` +
          `oracle ${Math.round(t.ms.oracle / t.homes)}, clawkeeper ${Math.round(t.ms.keeper / t.homes)}\n`,
      );
      const kinds = [...t.kinds.values()].sort((a, b) => b.homes - a.homes || a.kind.localeCompare(b.kind));
      for (const e of kinds)
        write(
          `  ${String(e.homes).padStart(5)}  ${e.filed.padEnd(10)} ${e.kind}   (e.g. --seed ${e.example.seed} --home ${e.example.home})\n`,
        );
    }
    if (this.verified)
      write(
        `\noracle verification: ${this.verified} answers compared with the subprocess, ${this.oracleMismatches.length} differ\n`,
      );
    for (const m of this.oracleMismatches.slice(0, 20))
      write(`  ${m.release} home ${m.home} agent ${m.agent}: ${m.what}\n`);
  }

  toJSON(seed: number, oracle: string) {
    return {
      schema: 'clawkeeper.differential/1',
      seed,
      oracle,
      verified: this.verified,
      oracleMismatches: this.oracleMismatches,
      releases: Object.fromEntries(
        byRelease(this.releases).map(([release, t]) => [
          release,
          {
            homes: t.homes,
            agreeing: t.agreeing,
            agreement: t.homes ? t.agreeing / t.homes : null,
            identical: t.identical,
            exitCompared: t.exitCompared,
            exitAgreeing: t.exitAgreeing,
            failedBuildSteps: t.failedBuildSteps,
            msPerHome: Object.fromEntries(
              Object.entries(t.ms).map(([k, v]) => [k, Math.round(v / Math.max(1, t.homes))]),
            ),
            kinds: [...t.kinds.values()].map((e) => ({
              kind: e.kind,
              filed: e.filed,
              reason: e.reason,
              homes: e.homes,
              example: {
                seed: e.example.seed,
                home: e.example.home,
                summary: e.example.summary,
                detail: e.example.disagreements.find((d) => d.kind === e.kind)?.detail ?? null,
              },
            })),
          },
        ]),
      ),
    };
  }
}

const slug = (kind: string) => kind.replace(/[^A-Za-z0-9.+-]+/g, '_').slice(0, 120);

/** One file per kind: the smallest home that shows it, across releases, with its command lines. */
export async function saveCases(tally: Tally, dir: string): Promise<number> {
  const best = new Map<string, HomeResult>();
  for (const t of tally.releases.values())
    for (const e of t.kinds.values()) {
      const cur = best.get(e.kind);
      if (!cur || e.example.recipe.steps.length < cur.recipe.steps.length) best.set(e.kind, e.example);
    }
  await mkdir(dir, { recursive: true });
  for (const [kind, r] of best) {
    const program = r.release === '2026.1.24-3' ? 'clawdbot' : 'openclaw';
    const seenOn = [...tally.releases]
      .filter(([, t]) => t.kinds.has(kind))
      .map(([rel, t]) => ({
        release: rel,
        homes: t.kinds.get(kind)!.homes,
        filed: t.kinds.get(kind)!.filed,
      }));
    const doc = {
      kind,
      seenOn,
      reproduce: `npm run test:differential -- --case ${join(dir, `${slug(kind)}.json`)} --keep`,
      release: r.release,
      seed: r.seed,
      home: r.home,
      summary: r.summary,
      commands: commandLines(r.recipe, program),
      disagreement: r.disagreements.filter((d) => d.kind === kind),
      releaseSays: r.views.map((v) => ({
        agent: v.agent,
        exit: v.exit,
        error: v.error,
        model: v.model,
        missing: v.missing,
        sends: v.sends,
        order: v.order,
        profiles: v.profiles,
        unusable: v.unusable,
      })),
      clawkeeperSays: r.keeper,
      spec: r.spec,
    };
    await writeFile(join(dir, `${slug(kind)}.json`), JSON.stringify(doc, null, 2) + '\n');
  }
  return best.size;
}

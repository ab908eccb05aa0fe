/**
 * The figures of a differential run as Markdown: one row per release (homes, agreement, exit
 * codes) and every disagreement kind with how it is filed. `npm run test:differential -- --out
 * r.json` writes the report; `node --import tsx test/differential/figures.ts r.json` prints this,
 * which docs/differential.md and README carry.
 */
import { readFileSync } from 'node:fs';
import { classify, loadBaseline, loadDeliberate, type Baseline, type Deliberate } from './known.ts';

interface Kind {
  readonly kind: string;
  filed: 'deliberate' | 'known' | 'new';
  readonly homes: number;
  readonly example: { readonly seed: number; readonly home: number };
}
interface ReleaseFigures {
  readonly homes: number;
  readonly agreeing: number;
  readonly identical?: number;
  readonly exitCompared?: number;
  readonly exitAgreeing: number;
  readonly kinds: readonly Kind[];
}
interface Report {
  readonly seed: number;
  readonly releases: Readonly<Record<string, ReleaseFigures>>;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '–');

/** The per-release table and the kinds, in Markdown. */
export function figures(r: Report): string {
  const rows = Object.entries(r.releases);
  const total = rows.reduce((n, [, t]) => n + t.homes, 0);
  const out = [
    `Seed ${r.seed}, ${total} homes. "Agree": every difference is a deliberate one (FINDINGS.md); ` +
      '"identical": no difference at all; exit codes compared where the release could be asked about every agent.',
    '',
    '| release | homes | agree | identical | same exit code | not deliberate |',
    '|---|---|---|---|---|---|',
  ];
  for (const [release, t] of rows) {
    const open = t.kinds.filter((k) => k.filed !== 'deliberate');
    const compared = t.exitCompared ?? t.homes;
    out.push(
      `| ${release} | ${t.homes} | ${pct(t.agreeing, t.homes)} | ${pct(t.identical ?? 0, t.homes)} | ` +
        `${pct(t.exitAgreeing, compared)} of ${compared} | ${open.length ? open.map((k) => `\`${k.kind}\` (${k.homes})`).join(', ') : 'none'} |`,
    );
  }
  const kinds = new Map<string, { filed: string; homes: number; releases: string[] }>();
  for (const [release, t] of rows)
    for (const k of t.kinds) {
      const e = kinds.get(k.kind) ?? { filed: k.filed, homes: 0, releases: [] };
      e.homes += k.homes;
      e.releases.push(release);
      kinds.set(k.kind, e);
    }
  out.push('', '| disagreement kind | filed | homes | releases |', '|---|---|---|---|');
  for (const [kind, e] of [...kinds].sort((a, b) => b[1].homes - a[1].homes))
    out.push(`| \`${kind}\` | ${e.filed} | ${e.homes} | ${e.releases.join(', ')} |`);
  return out.join('\n') + '\n';
}

/**
 * Files every kind again by today's deliberate differences and baseline, so figures of a run made
 * before a FINDINGS entry was written read as the project files them now. A home's agreement
 * follows: it agrees when none of its kinds is left unfiled (known by the report's own counts).
 */
export function refile(r: Report, deliberate: readonly Deliberate[], baseline: Baseline): Report {
  const releases: Record<string, ReleaseFigures> = {};
  for (const [release, t] of Object.entries(r.releases)) {
    const kinds = t.kinds.map((k) => ({ ...k, filed: classify(k.kind, release, deliberate, baseline) }));
    // homes that disagreed only in kinds now deliberate agree; a kind's homes may overlap, so
    // this counts at most the homes of the kinds that changed filing
    const gained = kinds
      .filter((k, i) => k.filed === 'deliberate' && t.kinds[i]!.filed !== 'deliberate')
      .reduce((n, k) => n + k.homes, 0);
    releases[release] = { ...t, kinds, agreeing: Math.min(t.homes, t.agreeing + gained) };
  }
  return { ...r, releases };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node --import tsx test/differential/figures.ts REPORT.json\n');
    process.exit(64);
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  process.stdout.write(
    figures(process.argv.includes('--as-filed') ? report : refile(report, loadDeliberate(), loadBaseline())),
  );
}

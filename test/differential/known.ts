/**
 * Disagreement kinds that do not fail a run: deliberate differences (each with its reason, in
 * test/interop/FINDINGS.md under "Differential testing: deliberate differences") and the checked-in
 * baseline of kinds known today and waiting for a fix (test/differential/baseline.json; the lead
 * shrinks it as fixes land). A kind in neither is new, and fails the run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FINDINGS = fileURLToPath(new URL('../interop/FINDINGS.md', import.meta.url));
export const BASELINE = fileURLToPath(new URL('./baseline.json', import.meta.url));
const SECTION = '## Differential testing: deliberate differences';

export interface Deliberate {
  /** a kind, `*` matching any run of characters */
  readonly pattern: string;
  /** releases it applies to, or null for all */
  readonly releases: readonly string[] | null;
  readonly reason: string;
}

/**
 * The deliberate differences listed in FINDINGS.md: one bullet each,
 * ``- `kind pattern` (releases: 2026.6.1, 2026.9.6): reason`` (the releases part is optional).
 */
export function parseDeliberate(markdown: string): Deliberate[] {
  const start = markdown.indexOf(SECTION);
  if (start < 0) return [];
  const body = markdown.slice(start + SECTION.length);
  const end = body.search(/^## /m);
  const out: Deliberate[] = [];
  for (const line of (end < 0 ? body : body.slice(0, end)).split('\n')) {
    const m = /^- `([^`]+)`(?:\s*\(releases?:\s*([^)]+)\))?\s*[:—-]\s*(.+)$/.exec(line.trim());
    if (!m) continue;
    const releases = m[2]
      ? m[2]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
    out.push({
      pattern: m[1]!,
      releases: releases && !releases.includes('all') ? releases : null,
      reason: m[3]!.trim(),
    });
  }
  return out;
}

const toRegex = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** The deliberate entry that covers a kind on a release, if any. */
export function deliberateFor(list: readonly Deliberate[], kind: string, release: string): Deliberate | null {
  return (
    list.find((d) => (!d.releases || d.releases.includes(release)) && toRegex(d.pattern).test(kind)) ?? null
  );
}

/** The baseline: release → kinds expected today. */
export type Baseline = Readonly<Record<string, readonly string[]>>;

export function loadBaseline(path = BASELINE): Baseline {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { kinds?: Record<string, string[]> };
    return doc.kinds ?? {};
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

export function loadDeliberate(path = FINDINGS): Deliberate[] {
  return parseDeliberate(readFileSync(path, 'utf8'));
}

/** How a kind seen on a release is filed: deliberate, known (baseline) or new. */
export function classify(
  kind: string,
  release: string,
  deliberate: readonly Deliberate[],
  baseline: Baseline,
): 'deliberate' | 'known' | 'new' {
  if (deliberateFor(deliberate, kind, release)) return 'deliberate';
  return baseline[release]?.includes(kind) ? 'known' : 'new';
}

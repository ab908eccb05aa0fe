/**
 * Proof that the in-process oracle answers like the real process: the same `models status --json
 * --check` on the same home, asked both ways, must give the same exit code and the same JSON once
 * the fields that change by the second (`remainingMs`, and `expiresAt` when the homes were built at
 * different times) are left out.
 */
import { firstJson } from './release-view.ts';
import type { RunResult } from './runner.ts';

const VOLATILE = new Set(['remainingMs']);

function strip(value: unknown, drop: ReadonlySet<string>, homes: readonly string[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const h of homes) s = s.split(h).join('$HOME');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => strip(v, drop, homes));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !drop.has(k))
        .map(([k, v]) => [k, strip(v, drop, homes)]),
    );
  return value;
}

/** The paths where two JSON values differ (at most `max`), joined, or null. */
function differences(a: unknown, b: unknown, max = 4): string | null {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (out.length >= max) return;
    if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y))
      out.push(`${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  walk(a, b, '$');
  return out.length ? out.join('; ') : null;
}

/**
 * null when both answers are the same; else what differs. `homes` are replaced by `$HOME` (two
 * homes built from one recipe); `sameBuild` false also ignores expiry times.
 */
export function answerDifference(
  inproc: RunResult,
  real: RunResult,
  homes: readonly string[],
  sameBuild = true,
): string | null {
  if (inproc.code !== real.code) return `exit ${inproc.code} (in-process) vs ${real.code} (process)`;
  const drop = sameBuild ? VOLATILE : new Set([...VOLATILE, 'expiresAt', 'until']);
  const a = strip(firstJson(inproc.stdout), drop, homes);
  const b = strip(firstJson(real.stdout), drop, homes);
  return differences(a, b);
}

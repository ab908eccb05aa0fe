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

/** The first path where two JSON values differ, or null. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b))
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (a && b && typeof a === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
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
  return firstDifference(a, b);
}

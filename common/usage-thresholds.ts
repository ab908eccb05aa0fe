/**
 * The usage warning thresholds as a person types them in the window ("80, 95"): pure, so the
 * form's inline message and its tests agree. The settings file allows at most five, each a
 * percentage of a window from 1 to 100.
 */

/** As many thresholds as the settings file takes (`usage.thresholds`). */
export const MAX_USAGE_THRESHOLDS = 5;

/** The parsed list (sorted, each once), or what is wrong in words for the field's message. */
export type ThresholdsInput =
  { readonly ok: true; readonly value: number[] } | { readonly ok: false; readonly message: string };

/**
 * "95, 80 80" → [80, 95]. Commas or spaces separate; an empty field means no usage warnings
 * (the file allows it, and it is how someone turns them off). Order and repeats are forgiven
 * (sorted, each once); anything else is refused with a message that says what to type.
 */
export function parseUsageThresholds(text: string): ThresholdsInput {
  const parts = text
    .trim()
    .split(/[,;\s]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter((p) => p !== '');
  const bad = parts.find((p) => !/^\d+(\.\d+)?$/.test(p) || Number(p) < 1 || Number(p) > 100);
  if (bad !== undefined)
    return {
      ok: false,
      message: `"${bad.slice(0, 20)}" is not a percentage from 1 to 100; type e.g. 80, 95`,
    };
  const value = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (value.length > MAX_USAGE_THRESHOLDS)
    return { ok: false, message: `at most ${MAX_USAGE_THRESHOLDS} thresholds (${value.length} given)` };
  return { ok: true, value };
}

/**
 * The usage rows of the tray menu and the macOS menu-bar title (pure): one row per window,
 * "Session 42 % · resets 14:05", under the login's name when there are several.
 */
import { formatTime } from '../../common/duration.ts';
import { windowLine } from '../../common/usage-words.ts';
import type { StatusReport } from '../core/health/report.ts';

export interface UsageRow {
  readonly id: string;
  readonly label: string;
}

/** The rows for every login's usage in the report (none when nothing was read). */
export function usageRows(report: StatusReport | null, now: number): UsageRow[] {
  const readings = Object.values(report?.usage ?? {});
  const rows: UsageRow[] = [];
  for (const r of readings) {
    const indent = readings.length > 1 ? '    ' : '';
    if (readings.length > 1)
      rows.push({ id: `usage:${r.fingerprint}`, label: `Usage of ${r.credentials[0] ?? r.fingerprint}` });
    if (r.status === 'unknown') {
      rows.push({
        id: `usage:${r.fingerprint}:unknown`,
        label: `${indent}Usage unknown: ${(r.reason ?? '').slice(0, 70)}`,
      });
      continue;
    }
    const asOf =
      r.status === 'stale' && r.fetchedAt !== null ? ` (as of ${formatTime(r.fetchedAt, now)})` : '';
    for (const w of r.windows)
      rows.push({ id: `usage:${r.fingerprint}:${w.id}`, label: `${indent}${windowLine(w, now)}${asOf}` });
    if (r.windows.length === 0)
      rows.push({ id: `usage:${r.fingerprint}:none`, label: `${indent}No usage windows reported${asOf}` });
  }
  return rows;
}

/** The macOS menu-bar title: the fullest window's percentage ("63%"), or nothing. */
export function usageTitle(report: StatusReport | null): string {
  let max: number | null = null;
  for (const r of Object.values(report?.usage ?? {}))
    if (r.status !== 'unknown') for (const w of r.windows) max = Math.max(max ?? 0, w.percent);
  return max === null ? '' : `${Math.floor(max)}%`;
}

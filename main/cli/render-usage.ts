import { formatDuration, formatTime } from '../../common/duration.ts';
import { formatReset, percentWords } from '../../common/usage-words.ts';
import type { StatusReport } from '../core/health/report.ts';
import type { UsageOutput } from '../core/usage/usage-schema.ts';
import type { UsageReading } from '../core/formats/usage-windows.ts';

const BAR = 20;

/** `██████░░░░` for a percentage (clamped to the bar). */
export function bar(percent: number): string {
  const full = Math.max(0, Math.min(BAR, Math.round((percent / 100) * BAR)));
  return '█'.repeat(full) + '░'.repeat(BAR - full);
}

function paint(color: boolean, code: number, text: string): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** The lines of one login's reading: a header, then one line per window. */
function readingLines(r: UsageReading, thresholds: readonly number[], now: number, color: boolean): string[] {
  const lines = [`${r.credentials.join(', ')}  (${r.fingerprint})`];
  if (r.status === 'unknown') {
    lines.push(`  usage unknown: ${r.reason ?? 'not read yet'}`);
    return lines;
  }
  if (r.status === 'stale')
    lines.push(
      `  as of ${r.fetchedAt === null ? '?' : formatTime(r.fetchedAt, now)} (${r.reason ?? 'not current'})`,
    );
  if (r.windows.length === 0) lines.push('  no usage windows reported for this plan');
  const width = Math.max(8, ...r.windows.map((w) => w.label.length + 1));
  const low = Math.min(...thresholds, 101);
  const high = Math.max(...thresholds, 0);
  for (const w of r.windows) {
    const tone = w.percent >= high ? 31 : w.percent >= low ? 33 : 32;
    const when =
      w.resetsAt === null
        ? 'reset time unknown'
        : `resets ${formatReset(w.resetsAt, now)} (in ${formatDuration(w.resetsAt - now)})`;
    lines.push(
      `  ${w.label.padEnd(width)}${paint(color, tone, `${percentWords(w.percent).padStart(5)}  ${bar(w.percent)}`)}  ${when}`,
    );
  }
  const x = r.extra;
  if (x !== null)
    lines.push(
      `  Extra usage: ${x.enabled ? 'on' : 'off'}${x.percent !== null ? `, ${percentWords(x.percent)} of the monthly limit` : ''}${x.disabledReason ? ` (${x.disabledReason})` : ''}`,
    );
  return lines;
}

/** The human output of `clawkeeper usage`. */
export function renderUsage(out: UsageOutput, now: number, color: boolean): string {
  const lines: string[] = [];
  if (out.logins.length === 0) lines.push('No Claude login whose usage can be read was found.');
  for (const r of out.logins) lines.push(...readingLines(r, out.thresholds, now, color), '');
  for (const s of out.skipped) lines.push(`Not read: ${s.credential}: ${s.reason}`);
  for (const n of out.notes) lines.push(n);
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

/** The usage block under `clawkeeper status`: one line per login, from the last reading. */
export function renderUsageSummary(report: StatusReport, thresholds: readonly number[], now: number): string {
  const readings = Object.values(report.usage ?? {});
  if (readings.length === 0) return '';
  const lines = ['', 'Usage (last reading; `clawkeeper usage` reads it now)'];
  for (const r of readings) lines.push(...readingLines(r, thresholds, now, false).map((l) => `  ${l}`));
  return lines.join('\n') + '\n';
}

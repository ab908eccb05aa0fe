/**
 * Quiet hours for alerts (pure): `{from: "22:00", to: "07:00", timeZone?}` in the given zone or
 * the machine's. While quiet, the policy holds new alerts and "resolved" messages; what is
 * still true when the quiet hours end goes out then.
 */
import type { QuietHours } from '../settings/alert-settings.ts';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight in `timeZone` (default: the machine's zone). */
export function minuteOfDay(now: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

export function inQuietHours(now: number, q: QuietHours | null): boolean {
  if (q === null) return false;
  const m = minuteOfDay(now, q.timeZone);
  const from = minutes(q.from);
  const to = minutes(q.to);
  if (from === to) return false;
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** When the current quiet hours end (epoch ms), or null when not quiet now. */
export function quietEndsAt(now: number, q: QuietHours | null): number | null {
  if (q === null || !inQuietHours(now, q)) return null;
  const left = (minutes(q.to) - minuteOfDay(now, q.timeZone) + 1440) % 1440;
  return now - (now % 60_000) + left * 60_000;
}

/**
 * The words every face uses for the subscription's usage windows (pure: no node:*, no DOM), so the
 * tray, the CLI, the window and the alerts all say "Session 42 % · resets 14:05".
 */
import { formatDuration } from './duration.ts';

/** The part of a usage window the words need (structural: common/ imports nothing from main). */
export interface WindowWordsInput {
  readonly label: string;
  readonly percent: number;
  readonly resetsAt: number | null;
}

// built once, on first use: a formatter costs far more to make than to use (the tray and the
// alert policy word every window of every report), and making one loads ICU's locale data, some
// 20–30 ms that a `status` without usage windows should not pay at start-up
let formats: { hm: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; dayMonth: Intl.DateTimeFormat } | null =
  null;
function formatters() {
  formats ??= {
    hm: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }),
    weekday: new Intl.DateTimeFormat('en-GB', { weekday: 'short' }),
    dayMonth: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }),
  };
  return formats;
}

/** "14:05" today, "Mon 09:00" within the week, else "3 Mar 09:00". */
export function formatReset(at: number, now: number): string {
  const f = formatters();
  const d = new Date(at);
  if (new Date(now).toDateString() === d.toDateString()) return f.hm.format(d);
  if (at > now && at - now < 6.5 * 86_400_000) return `${f.weekday.format(d)} ${f.hm.format(d)}`;
  return `${f.dayMonth.format(d)} ${f.hm.format(d)}`;
}

/** "42 %": whole percent, rounded down as Claude Code's `/usage` shows it. */
export function percentWords(percent: number): string {
  return `${Math.floor(percent)} %`;
}

/** "Session 42 % · resets 14:05" (or "· reset time unknown"). */
export function windowLine(w: WindowWordsInput, now: number): string {
  const when = w.resetsAt === null ? 'reset time unknown' : `resets ${formatReset(w.resetsAt, now)}`;
  return `${w.label} ${percentWords(w.percent)} · ${when}`;
}

/** "resets in 2 h 13 m" for countdowns. */
export function resetCountdown(resetsAt: number | null, now: number): string {
  if (resetsAt === null) return 'reset time unknown';
  return resetsAt > now ? `resets in ${formatDuration(resetsAt - now)}` : 'reset';
}

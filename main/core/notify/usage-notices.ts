/**
 * "Warn before the wall": the usage part of the one notification policy (pure). A window past a
 * threshold (default 80 % and 95 %) is one condition per login, window and reset: it notifies
 * once per threshold it passes, and is over ("resolved", once) when the window resets or a fresh
 * reading shows it below the thresholds. Usage that is unknown keeps a condition as it is.
 */
import { percentWords, windowLine } from '../../../common/usage-words.ts';
import type { StatusReport } from '../health/report.ts';
import type { UsageReading, UsageWindow } from '../formats/usage-windows.ts';
import type { Notice } from './notification-policy.ts';

export const DEFAULT_USAGE_THRESHOLDS: readonly number[] = [80, 95];
/** reset times are compared in 10-minute steps: the endpoint's may move by a second between reads */
const BUCKET_MS = 10 * 60_000;
const PREFIX = 'usage:';

/** `usage:<credential>|<window>|<reset bucket>`: one key per login, window and reset. */
function keyOf(credential: string, w: UsageWindow): string {
  const bucket = w.resetsAt === null ? 'none' : String(Math.round(w.resetsAt / BUCKET_MS));
  return `${PREFIX}${credential}|${w.id}|${bucket}`;
}

function parseKey(key: string): { credential: string; window: string; resetBy: number | null } | null {
  if (!key.startsWith(PREFIX)) return null;
  const parts = key.slice(PREFIX.length).split('|');
  const bucket = parts.pop();
  const window = parts.pop();
  if (bucket === undefined || window === undefined) return null;
  const n = Number(bucket);
  // the latest the window can have reset, given the rounding
  return {
    credential: parts.join('|'),
    window,
    resetBy: Number.isFinite(n) ? n * BUCKET_MS + BUCKET_MS / 2 : null,
  };
}

export const isUsageKey = (key: string): boolean => key.startsWith(PREFIX);

/**
 * The notice level: how many thresholds the percentage has passed, plus one at the wall itself
 * (100 %: requests are refused until the reset) unless a threshold already sits there; at most 3.
 */
export function levelOf(percent: number, thresholds: readonly number[]): number {
  const passed = thresholds.filter((t) => percent >= t).length;
  const wall = percent >= 100 && !thresholds.some((t) => t >= 100) ? 1 : 0;
  return Math.min(3, passed + wall);
}

function noticeOf(r: UsageReading, w: UsageWindow, level: number, now: number): Notice {
  const login = r.credentials[0] ?? r.fingerprint;
  const full = w.percent >= 100;
  const line = windowLine(w, now);
  const hint = full
    ? 'Requests on this login are refused until the reset (unless extra usage is on: claude.ai/settings/usage)'
    : null;
  return {
    key: keyOf(login, w),
    level,
    title: full ? `${w.label} limit reached` : `${w.label} ${percentWords(w.percent)} used`,
    body: `${r.credentials.join(', ')}: ${line}.${hint ? ` ${hint}.` : ''}`,
    target: { view: 'credentials', credential: login },
    subject: { credential: login, state: 'usage', reason: line, hint, fingerprint: r.fingerprint },
  };
}

/** What the report's usage says deserves a notice now (`thresholds` ascending or not). */
export function usageNotices(report: StatusReport, now: number, thresholds: readonly number[]): Notice[] {
  const out: Notice[] = [];
  for (const r of Object.values(report.usage ?? {})) {
    if (r.status === 'unknown') continue;
    for (const w of r.windows) {
      if (w.resetsAt !== null && w.resetsAt <= now) continue;
      const level = levelOf(w.percent, thresholds);
      if (level > 0) out.push(noticeOf(r, w, level, now));
    }
  }
  return out;
}

/**
 * Whether a remembered usage condition is over: its window has reset by the clock, or a reading
 * of that login is known and no longer shows it past a threshold. Unknown usage changes nothing.
 */
export function usageOver(
  key: string,
  report: StatusReport | null,
  now: number,
  live: ReadonlySet<string>,
): boolean {
  const k = parseKey(key);
  if (k === null) return false;
  if (k.resetBy !== null && now >= k.resetBy) return true;
  if (live.has(key) || report === null) return false;
  const reading = Object.values(report.usage ?? {}).find((r) => r.credentials[0] === k.credential);
  return reading !== undefined && reading.status !== 'unknown';
}

/** The body of the one "resolved" message of a usage condition. */
export function usageResolvedBody(credential: string): string {
  return `${credential}: no longer past the usage thresholds (the window reset, or usage fell below them).`;
}

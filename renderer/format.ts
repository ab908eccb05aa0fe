/**
 * Duration words for the window. Same rules as main/core/duration.ts (the renderer imports no
 * main code); a unit test keeps the two in step so the window and the tray agree.
 */
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

export function formatDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a < M) return '< 1 m';
  const d = Math.floor(a / D);
  const h = Math.floor((a % D) / H);
  const m = Math.floor((a % H) / M);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  return `${m} m`;
}

export function describeExpiry(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'never expires';
  const left = expiresAt - now;
  return left >= 0 ? `expires in ${formatDuration(left)}` : `expired ${formatDuration(left)} ago`;
}

/** "14:03" today, else "3 Mar 14:03". */
export function formatTime(at: number, now: number): string {
  const d = new Date(at);
  const hm = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === d.toDateString()) return hm;
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${hm}`;
}

/**
 * Duration words shared by the tray, the CLI and the window (pure: no node:*, no DOM), so every
 * face says the same "expires in 5 h 12 m".
 */
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

/** "5 h 12 m", "3 d 4 h", "45 m", "< 1 m": the two largest units, for menus and tables. */
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

/** "expires in 5 h 12 m" / "expired 2 d 3 h ago" / "never expires". */
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

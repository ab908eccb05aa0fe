/**
 * The few words the tray, the window and the notifications show for a credential's state, from
 * the one verdict: "rate-limited until 14:05" (OpenClaw's cooldown, ends by itself) is told
 * apart from "needs-reauth" (someone must act). Pure.
 */
import { formatTime } from './duration.ts';
import { formatReset } from './usage-words.ts';

/** The part of a credential report the words need (structural: common/ imports nothing from main). */
export interface StateWordsInput {
  readonly state: string;
  readonly openclaw: {
    readonly unusableUntil?: number | null;
    readonly unusableReason?: string | null;
    readonly unusableKind?: string | null;
  } | null;
  /** the subscription window that is used up, when the usage says so */
  readonly usageLimit?: { readonly label: string; readonly resetsAt: number } | null;
}

export function stateWords(c: StateWordsInput, now: number): string {
  if (c.state === 'blocked' && c.usageLimit)
    // the window's reset is when the gateway gets through again, not OpenClaw's shorter cooldown
    return `rate-limited until ${formatReset(c.usageLimit.resetsAt, now)} (${c.usageLimit.label} limit used up)`;
  if (c.state !== 'blocked' || !c.openclaw?.unusableUntil) return c.state;
  const until = formatTime(c.openclaw.unusableUntil, now);
  const r = c.openclaw.unusableReason;
  if (r === 'rate_limit') return `rate-limited until ${until}`;
  if (r === 'overloaded' || r === 'timeout') return `cooling down until ${until} (${r})`;
  return `${c.openclaw.unusableKind ?? 'blocked'} by OpenClaw until ${until}${r ? ` (${r})` : ''}`;
}

/**
 * The undelivered-alerts queue (pure): kept in the data dir across restarts, bounded in size and
 * age, delivered in order per channel (an alert never arrives after its "resolved"), each
 * failure backing off exponentially with jitter up to a cap.
 */
import { backoffMs } from '../keeper/refresh-policy.ts';
import type { Alert } from './alert-message.ts';

export interface QueuedAlert {
  readonly id: string;
  readonly channel: string;
  readonly alert: Alert;
  readonly attempts: number;
  readonly firstAt: number;
  readonly nextAt: number;
  readonly lastError: string | null;
}

export interface QueueLimits {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly maxQueue: number;
  readonly maxAgeMs: number;
}

/** Appends, then keeps the newest `maxQueue` items no older than `maxAgeMs`; returns what fell out. */
export function enqueue(
  queue: readonly QueuedAlert[],
  items: readonly QueuedAlert[],
  now: number,
  limits: QueueLimits,
): { queue: QueuedAlert[]; dropped: QueuedAlert[] } {
  const all = [...queue, ...items];
  const dropped = all.filter((q) => now - q.firstAt > limits.maxAgeMs);
  const fresh = all.filter((q) => now - q.firstAt <= limits.maxAgeMs);
  const over = Math.max(0, fresh.length - limits.maxQueue);
  return { queue: fresh.slice(over), dropped: [...dropped, ...fresh.slice(0, over)] };
}

/** The head of each channel's line, if it is due (only heads: order per channel is kept). */
export function dueHeads(queue: readonly QueuedAlert[], now: number): QueuedAlert[] {
  const heads = new Map<string, QueuedAlert>();
  for (const q of queue) if (!heads.has(q.channel)) heads.set(q.channel, q);
  return [...heads.values()].filter((q) => q.nextAt <= now);
}

/** After an attempt: delivered (or given up) leaves the queue, a retryable failure backs off. */
export function settle(
  queue: readonly QueuedAlert[],
  id: string,
  outcome: { ok: boolean; retryable: boolean; detail: string },
  now: number,
  limits: QueueLimits,
  random: () => number,
): QueuedAlert[] {
  if (outcome.ok || !outcome.retryable) return queue.filter((q) => q.id !== id);
  return queue.map((q) =>
    q.id !== id
      ? q
      : {
          ...q,
          attempts: q.attempts + 1,
          nextAt: now + backoffMs(q.attempts + 1, limits.baseMs, limits.maxMs, random),
          lastError: outcome.detail,
        },
  );
}

/** The earliest moment something in the queue is due, or null when empty. */
export function nextDue(queue: readonly QueuedAlert[]): number | null {
  const heads = new Map<string, QueuedAlert>();
  for (const q of queue) if (!heads.has(q.channel)) heads.set(q.channel, q);
  let min: number | null = null;
  for (const q of heads.values()) if (min === null || q.nextAt < min) min = q.nextAt;
  return min;
}

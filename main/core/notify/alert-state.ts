/** The alert service's state file (data dir `alerts/state.json`): plain JSON, no secrets. */
import * as z from 'zod/mini';
import { EMPTY_MEMORY, type PolicyMemory } from './notice.ts';
import type { AlertKind } from './alert-message.ts';
import type { QueuedAlert } from './alert-queue.ts';

export interface LastDelivery {
  readonly at: number;
  readonly ok: boolean;
  readonly detail: string;
  readonly kind: AlertKind;
  readonly key: string;
}

export interface AlertState {
  readonly version: 1;
  readonly memory: PolicyMemory;
  readonly queue: readonly QueuedAlert[];
  /** channel name → its last delivery attempt */
  readonly last: Readonly<Record<string, LastDelivery>>;
}

export const EMPTY_ALERT_STATE: AlertState = { version: 1, memory: EMPTY_MEMORY, queue: [], last: {} };

const Loose = z.looseObject({
  version: z.literal(1),
  memory: z.looseObject({
    sent: z.record(z.string(), z.unknown()),
    snoozed: z.record(z.string(), z.number()),
  }),
  queue: z.array(
    z.looseObject({
      id: z.string(),
      channel: z.string(),
      alert: z.looseObject({ schema: z.literal('clawkeeper.alert/1'), key: z.string() }),
      attempts: z.number(),
      firstAt: z.number(),
      nextAt: z.number(),
    }),
  ),
  last: z.record(z.string(), z.looseObject({ at: z.number(), ok: z.boolean(), detail: z.string() })),
});

/** Reads the state file's text; anything unusable starts afresh (it is only memory). */
export function parseAlertState(text: string | null): AlertState {
  if (text === null || text.trim() === '') return EMPTY_ALERT_STATE;
  try {
    const r = Loose.safeParse(JSON.parse(text));
    return r.success ? (r.data as unknown as AlertState) : EMPTY_ALERT_STATE;
  } catch {
    return EMPTY_ALERT_STATE;
  }
}

/** Keeps, per channel, the newer of two last deliveries. */
export function mergeLast(
  a: Readonly<Record<string, LastDelivery>>,
  b: Readonly<Record<string, LastDelivery>>,
): Record<string, LastDelivery> {
  const out: Record<string, LastDelivery> = { ...a };
  for (const [k, v] of Object.entries(b)) if (!out[k] || out[k].at < v.at) out[k] = v;
  return out;
}

import type { ChannelMessage } from '../core/notify/alert-message.ts';
import type { AlertState, LastDelivery } from '../core/notify/alert-state.ts';

export interface DeliveryOutcome {
  readonly ok: boolean;
  /** false when trying again cannot help (a redirect, 4xx, a program that does not exist) */
  readonly retryable: boolean;
  /** what the receiver answered, secret-free: `HTTP 200`, `connection refused`, `exit 0: queued` */
  readonly detail: string;
}

/** Delivers alert messages: HTTP (https or loopback, no redirects), commands, the flag file. */
export interface AlertSink {
  deliver(message: ChannelMessage, timeoutMs: number): Promise<DeliveryOutcome>;
  /** writes the flag file with `content` (0600), or removes it when null */
  setFlag(path: string, content: string | null): Promise<void>;
  flagPresent(path: string): Promise<boolean>;
}

/** The alert service's memory in the data dir (policy memory, queue, last deliveries). */
export interface AlertStateStore {
  load(): Promise<AlertState>;
  /** saves; `last` is merged with what is on disk (newest wins), others may record tests */
  save(state: AlertState): Promise<void>;
  /** merges last deliveries only (what `alert test` records while a daemon may be running) */
  recordLast(last: Readonly<Record<string, LastDelivery>>): Promise<void>;
}

/** The right to run the alert channels, held by one keeper process at a time (see AlertDuty). */
export interface DutyLease {
  release(): Promise<void>;
}

/**
 * One keeper per data dir runs the alert channels: whichever of the tray app and `clawkeeper
 * watch` takes this first. A holder that dies loses it after a short staleness period.
 */
export interface AlertDutyLock {
  /** The lease when free (or its holder is gone), else null; `lost` runs if it is taken away later. */
  tryTake(lost: () => void): Promise<DutyLease | null>;
}

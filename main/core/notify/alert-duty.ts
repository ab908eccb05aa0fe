/**
 * Who runs the alert channels on this machine. The tray app and `clawkeeper watch`
 * both feed their keeper's events here; only the one holding the duty lock runs an `Alerter`,
 * so a user who runs both gets each alert once. Whoever takes the lock first holds it until it
 * stops; the other tries again on each keeper event and on a timer, and on taking over starts
 * from the persisted state (`alerts/state.json`: policy memory and queue) the holder left, so
 * nothing is sent twice and nothing queued is lost. The native notifications of the tray app are
 * not part of this: they show in the tray app whoever holds the duty.
 */
import { SerialQueue } from '../kernel/serial-queue.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { AlertDutyLock, DutyLease } from '../../ports/alerts.ts';
import type { KeeperEvent } from '../contracts.ts';
import type { StatusReport } from '../health/report.ts';
import type { Alerter } from './alerter.ts';

/** how often a keeper without the duty asks for it again (besides on each keeper event) */
export const DUTY_RETRY_MS = 60_000;

export interface AlertDutyDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lock: AlertDutyLock;
  /** a new alert service; it loads the persisted state when started */
  readonly alerter: () => Alerter;
  /** false while no channel is configured: then the duty is neither taken nor kept */
  readonly wanted: () => boolean;
  /** which keeper this is, for the log (`the tray app`, `clawkeeper watch`) */
  readonly face: string;
  readonly retryMs?: number;
}

export class AlertDuty {
  #alerter: Alerter | null = null;
  #lease: DutyLease | null = null;
  #report: StatusReport | null = null;
  readonly #queue = new SerialQueue((e) =>
    this.deps.logger.error('alerts: duty step failed', { error: e.message }),
  );
  #timer: TimerHandle | null = null;
  #running = false;
  #toldBusy = false;

  constructor(private readonly deps: AlertDutyDeps) {}

  /** True while this keeper runs the channels. */
  get holding(): boolean {
    return this.#alerter !== null;
  }

  /** The alert service while this keeper holds the duty (for `status` and tests). */
  get alerter(): Alerter | null {
    return this.#alerter;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#run(() => this.#take());
  }

  /** Feeds one keeper event with the latest report (remembered when not holding the duty). */
  handle(event: KeeperEvent | null, report: StatusReport | null): Promise<void> {
    if (report !== null) this.#report = report;
    return this.#run(async () => {
      if (this.#alerter === null) await this.#take();
      await this.#alerter?.handle(event, report);
    });
  }

  /** Stops the alert service (its state saved), then lets the duty go. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#run(() => this.#letGo(true));
  }

  /** Resolves when every queued step has run, the alert service's deliveries included. */
  settled(): Promise<void> {
    return this.#queue.drained(() => this.#alerter?.settled() ?? Promise.resolve());
  }

  #run(fn: () => Promise<void>): Promise<void> {
    return this.#queue.run(fn);
  }

  async #take(): Promise<void> {
    if (!this.#running || this.#alerter !== null) return;
    if (!this.deps.wanted()) return this.#schedule();
    const lease = await this.deps.lock.tryTake(() => void this.#run(() => this.#lost()));
    if (lease === null) {
      if (!this.#toldBusy)
        this.deps.logger.info(
          'alerts: another Clawkeeper on this machine runs the alert channels; this one takes over when it stops',
          { face: this.deps.face },
        );
      this.#toldBusy = true;
      return this.#schedule();
    }
    this.#lease = lease;
    this.#toldBusy = false;
    const alerter = this.deps.alerter();
    try {
      await alerter.start();
    } catch (e: unknown) {
      this.#lease = null;
      await lease.release();
      this.#schedule();
      throw e;
    }
    this.#alerter = alerter;
    this.deps.logger.info('alerts: this Clawkeeper runs the alert channels', { face: this.deps.face });
    if (this.#report !== null) await alerter.handle(null, this.#report);
  }

  async #lost(): Promise<void> {
    if (this.#lease === null) return;
    this.deps.logger.warn('alerts: the duty lock was taken over (this machine slept?); channels stop here', {
      face: this.deps.face,
    });
    await this.#letGo(false);
    this.#schedule();
  }

  async #letGo(release: boolean): Promise<void> {
    const alerter = this.#alerter;
    const lease = this.#lease;
    this.#alerter = null;
    this.#lease = null;
    await alerter?.stop();
    if (release) await lease?.release();
  }

  #schedule(): void {
    if (!this.#running || this.#timer !== null) return;
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = null;
      void this.#run(() => this.#take());
    }, this.deps.retryMs ?? DUTY_RETRY_MS);
  }
}

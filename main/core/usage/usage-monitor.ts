/**
 * Keeps the usage windows of the logins the keeper sees current, for the tray app and `watch`:
 * learns the logins from each discovery the keeper makes (no discovery of its own), reads each at
 * most once per `usage.intervalMinutes` (shared with every other Clawkeeper through the data
 * dir), and looks again when a window resets, so the faces and the alerts see the new window.
 */
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { UsageEndpoint } from '../../ports/usage-endpoint.ts';
import type { Inventory } from '../discovery/inventory.ts';
import type { StatusReport } from '../health/report.ts';
import { toAppError } from '../kernel/errors.ts';
import type { Settings } from '../settings/settings.ts';
import { inventoryLogins, type UsageLogin } from './usage-logins.ts';
import type { UsageMemory } from './usage-memory.ts';
import { readingOf, usageDue, type UsageRecord } from './usage-policy.ts';
import { readUsage } from './usage-reader.ts';
import { withUsage } from './usage-report.ts';

const MIN = 60_000;
/** a reset is looked at just after it, so the new window is there to read */
const AFTER_RESET_MS = 5_000;

export interface UsageMonitorDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly endpoint: UsageEndpoint;
  readonly memory: UsageMemory;
  readonly settings: () => Settings;
}

/** What the tray needs: read now, on demand. */
export interface UsageControl {
  refresh(): Promise<void>;
}

export class UsageMonitor implements UsageControl {
  #logins: UsageLogin[] = [];
  #records: ReadonlyMap<string, UsageRecord> = new Map();
  #listeners = new Set<() => void>();
  #timer: TimerHandle | null = null;
  #chain: Promise<void> = Promise.resolve();
  #running = false;
  #shown = '';

  constructor(private readonly deps: UsageMonitorDeps) {}

  #intervalMs(): number {
    return this.deps.settings().usage.intervalMinutes * MIN;
  }

  #enabled(): boolean {
    return this.deps.settings().usage.enabled;
  }

  /** Takes the logins from a discovery; a token not seen before is read at once. */
  observe(inv: Inventory): void {
    const s = this.deps.settings();
    const now = this.deps.clock.now();
    const next = inventoryLogins(inv, now, s.health.signInWarnDays * 86_400_000).logins;
    const before = this.#logins.map((l) => l.fingerprint).join(',');
    this.#logins = next;
    if (this.#running && next.map((l) => l.fingerprint).join(',') !== before) void this.#round(false);
  }

  /** The report with the usage of every login being read (`unknown` until its first reading). */
  decorate(report: StatusReport): StatusReport {
    if (!this.#enabled()) return report;
    return withUsage(report, this.#records, {
      now: this.deps.clock.now(),
      intervalMs: this.#intervalMs(),
      reading: new Set(this.#logins.map((l) => l.fingerprint)),
    });
  }

  /** Called after every change of what `decorate` shows (a reading, a window reset). */
  on(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.#running = true;
    this.#records = await this.deps.memory.load();
    await this.#round(false);
  }

  /** Stops the timer and waits for a read in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#chain;
  }

  /** Reads every login now (the tray's "Check usage now"). */
  refresh(): Promise<void> {
    return this.#round(true);
  }

  /** Resolves when every queued round has finished. */
  async settled(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.#chain;
      await q;
    } while (q !== this.#chain);
  }

  #round(force: boolean): Promise<void> {
    this.#chain = this.#chain
      .then(async () => {
        if (!this.#running || !this.#enabled()) return;
        const r = await readUsage(
          { endpoint: this.deps.endpoint, memory: this.deps.memory, now: () => this.deps.clock.now() },
          this.#logins,
          { intervalMs: this.#intervalMs(), force },
        );
        this.#records = r.records;
        for (const fp of r.asked) {
          const f = r.records.get(fp)?.failure;
          if (f)
            this.deps.logger.warn('usage: not read', { fingerprint: fp, kind: f.kind, detail: f.detail });
          else this.deps.logger.debug('usage: read', { fingerprint: fp });
        }
        // only a change of what the faces show is news (a reading, a failure, a window reset)
        const shown = this.#signature();
        if (shown !== this.#shown) {
          this.#shown = shown;
          this.#emit();
        }
      })
      .catch((e: unknown) => this.deps.logger.error('usage: failed', { error: toAppError(e).message }))
      .finally(() => this.#schedule());
    return this.#chain;
  }

  #signature(): string {
    const now = this.deps.clock.now();
    return JSON.stringify(
      this.#logins.map((l) => {
        const r = readingOf(
          l.fingerprint,
          [],
          this.#records.get(l.fingerprint) ?? null,
          now,
          this.#intervalMs(),
        );
        return [l.fingerprint, r.status, r.reason, r.fetchedAt, r.windows, r.extra];
      }),
    );
  }

  #emit(): void {
    for (const l of this.#listeners) {
      try {
        l();
      } catch (e: unknown) {
        this.deps.logger.error('usage: listener failed', { error: toAppError(e).message });
      }
    }
  }

  /** The next look: the earliest due read, or just after the earliest window reset. */
  #schedule(): void {
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#running) return;
    const now = this.deps.clock.now();
    const interval = this.#intervalMs();
    const times = [now + Math.max(interval, MIN)];
    // switched off: only look now and then whether it was switched on again
    if (this.#enabled())
      for (const l of this.#logins) {
        const rec = this.#records.get(l.fingerprint) ?? null;
        times.push(usageDue(rec, now, interval).at);
        for (const w of rec?.good?.snapshot.windows ?? [])
          if (w.resetsAt !== null && w.resetsAt > now) times.push(w.resetsAt + AFTER_RESET_MS);
      }
    const at = Math.max(now + 1000, Math.min(...times));
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = null;
      void this.#round(false);
    }, at - now);
  }
}

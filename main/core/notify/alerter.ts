/**
 * The alert service of the headless daemon: feeds every keeper event through the one
 * notification policy the tray uses, turns its notices (and "resolved" messages) into alerts for
 * every configured channel, keeps undelivered ones in a bounded queue in the data dir, retries
 * them with back-off, and keeps the flag file in step with "a human is needed".
 */
import { SerialQueue } from '../kernel/serial-queue.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { AlertSink, AlertStateStore, DeliveryOutcome } from '../../ports/alerts.ts';
import { toAppError } from '../kernel/errors.ts';
import { decideNotices } from './notification-policy.ts';
import type { StatusReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';
import type { Settings } from '../settings/settings.ts';
import { alertFromNotice, messageFor, testAlert, type Alert } from './alert-message.ts';
import { dueHeads, enqueue, nextDue, settle, type QueueLimits, type QueuedAlert } from './alert-queue.ts';
import { channelNames, describeChannel, type AlertChannel } from '../settings/alert-settings.ts';
import { EMPTY_ALERT_STATE, type AlertState, type LastDelivery } from './alert-state.ts';
import { inQuietHours, quietEndsAt } from './quiet-hours.ts';

/** re-evaluate at least this often: a setup-token crosses its 14/3/1-day marks without an event */
const TICK_MS = 10 * 60_000;

export interface AlerterDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: () => Settings;
  readonly host: string;
  /** where a flag-file channel without a path writes `REAUTH_NEEDED` */
  readonly defaultFlagPath: string;
  readonly sink: AlertSink;
  readonly store: AlertStateStore;
  readonly random?: () => number;
}

export interface ChannelTestResult {
  readonly name: string;
  readonly type: AlertChannel['type'];
  readonly target: string;
  readonly outcome: DeliveryOutcome;
}

export class Alerter {
  #state: AlertState = EMPTY_ALERT_STATE;
  readonly #queue = new SerialQueue((e) => this.deps.logger.error('alerts: failed', { error: e.message }));
  #timer: TimerHandle | null = null;
  #running = false;
  #report: StatusReport | null = null;
  #flags = new Map<string, string | null>();

  constructor(private readonly deps: AlerterDeps) {}

  /** Loads the queue and memory; what was left undelivered is tried again right away. */
  async start(): Promise<void> {
    const loaded = await this.deps.store.load();
    const now = this.deps.clock.now();
    this.#state = { ...loaded, queue: loaded.queue.map((q) => ({ ...q, nextAt: Math.min(q.nextAt, now) })) };
    this.#running = true;
    await this.#run(() => this.#evaluate(null));
  }

  /** Feeds one keeper event (with the latest report); work is serialized. */
  handle(event: KeeperEvent | null, report: StatusReport | null): Promise<void> {
    if (report !== null) this.#report = report;
    return this.#run(() => this.#evaluate(event));
  }

  /** Resolves when every queued evaluation and delivery round has finished. */
  settled(): Promise<void> {
    return this.#queue.drained();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.settled();
  }

  /** The current state (for `status` and tests). */
  state(): AlertState {
    return this.#state;
  }

  #run(fn: () => Promise<void>): Promise<void> {
    return this.#queue.run(fn);
  }

  #limits(): QueueLimits {
    const r = this.deps.settings().alerts.retry;
    return { baseMs: r.baseMs, maxMs: r.maxMs, maxQueue: r.maxQueue, maxAgeMs: r.maxAgeHours * 3_600_000 };
  }

  #channels(): Array<{ name: string; channel: AlertChannel }> {
    const channels = this.deps.settings().alerts.channels;
    const names = channelNames(channels);
    return channels.map((channel, i) => ({ name: names[i] ?? channel.type, channel }));
  }

  async #evaluate(event: KeeperEvent | null): Promise<void> {
    const settings = this.deps.settings();
    const now = this.deps.clock.now();
    const channels = this.#channels();
    const r = decideNotices(this.#state.memory, {
      report: this.#report,
      event,
      now,
      enabled: channels.length > 0,
      warnDays: settings.notifications.staticWarnDays,
      quiet: inQuietHours(now, settings.alerts.quietHours),
    });
    const alerts: Alert[] = [
      ...r.resolved.map((n) => alertFromNotice(n, 'resolved', this.deps.host, now)),
      ...r.notices.map((n) => alertFromNotice(n, n.escalated ? 'escalation' : 'alert', this.deps.host, now)),
    ];
    const items: QueuedAlert[] = [];
    for (const a of alerts) {
      this.deps.logger.info(`alert: ${a.kind}`, { key: a.key, level: a.level, title: a.title });
      for (const { name, channel } of channels)
        if (channel.type !== 'flag-file')
          items.push({
            id: `${a.id}>${name}`,
            channel: name,
            alert: a,
            attempts: 0,
            firstAt: now,
            nextAt: now,
            lastError: null,
          });
    }
    const q = enqueue(this.#state.queue, items, now, this.#limits());
    this.#dropped(q.dropped);
    const changed = channels.length > 0 || q.queue.length > 0;
    this.#state = { ...this.#state, memory: r.memory, queue: q.queue };
    await this.#syncFlags(channels, now);
    const delivered = await this.#deliverDue();
    if (changed || delivered) await this.#save();
    this.#schedule();
  }

  #dropped(items: readonly QueuedAlert[]): void {
    for (const d of items)
      this.deps.logger.warn('alert dropped undelivered (queue full or too old)', {
        channel: d.channel,
        key: d.alert.key,
        kind: d.alert.kind,
        attempts: d.attempts,
        lastError: d.lastError,
      });
  }

  /** The flag file exists while a login needs a human (any `reauth:` condition remembered). */
  async #syncFlags(channels: Array<{ name: string; channel: AlertChannel }>, now: number): Promise<void> {
    const needs = Object.entries(this.#state.memory.sent).filter(([k]) => k.startsWith('reauth:'));
    const content =
      needs.length === 0
        ? null
        : [
            'REAUTH_NEEDED: a Claude login needs a human (written by clawkeeper; removed when fixed)',
            ...needs.map(([key, s]) => {
              const sub = s.subject;
              return `${sub?.credential ?? key.slice(7)}: ${sub?.reason ?? s.title ?? ''}${sub?.hint ? `. Fix: ${sub.hint}` : ''}`;
            }),
            '',
          ].join('\n');
    for (const { name, channel } of channels) {
      if (channel.type !== 'flag-file') continue;
      const path = channel.path ?? this.deps.defaultFlagPath;
      if (this.#flags.has(path) && this.#flags.get(path) === content) continue;
      try {
        await this.deps.sink.setFlag(path, content);
        this.#flags.set(path, content);
        this.#record(name, {
          at: now,
          ok: true,
          detail: content ? 'flag file written' : 'flag file removed',
          kind: content ? 'alert' : 'resolved',
          key: 'reauth',
        });
        this.deps.logger.info(content ? 'alert: flag file written' : 'alert: flag file removed', { path });
      } catch (e: unknown) {
        this.deps.logger.error('alert: flag file not written', { path, error: toAppError(e).message });
      }
    }
  }

  #record(name: string, last: LastDelivery): void {
    this.#state = { ...this.#state, last: { ...this.#state.last, [name]: last } };
  }

  /** Delivers every due head of line, in order per channel; true when anything was attempted. */
  async #deliverDue(): Promise<boolean> {
    const limits = this.#limits();
    const timeoutMs = this.deps.settings().alerts.timeoutMs;
    const byName = new Map(this.#channels().map((c) => [c.name, c.channel]));
    let attempted = false;
    const pruned = enqueue(this.#state.queue, [], this.deps.clock.now(), limits);
    this.#dropped(pruned.dropped);
    this.#state = { ...this.#state, queue: pruned.queue };
    for (;;) {
      const heads = dueHeads(this.#state.queue, this.deps.clock.now());
      if (heads.length === 0) return attempted;
      for (const head of heads) {
        attempted = true;
        const channel = byName.get(head.channel);
        const message = channel ? messageFor(channel, head.alert) : null;
        const outcome: DeliveryOutcome = message
          ? await this.deps.sink.deliver(message, timeoutMs).catch((e: unknown) => ({
              ok: false,
              retryable: true,
              detail: toAppError(e).message,
            }))
          : { ok: false, retryable: false, detail: 'channel no longer configured' };
        const now = this.deps.clock.now();
        this.#state = {
          ...this.#state,
          queue: settle(this.#state.queue, head.id, outcome, now, limits, this.deps.random ?? Math.random),
        };
        this.#record(head.channel, {
          at: now,
          ok: outcome.ok,
          detail: outcome.detail,
          kind: head.alert.kind,
          key: head.alert.key,
        });
        const fields = {
          channel: head.channel,
          target: channel ? describeChannel(channel, this.deps.defaultFlagPath) : null,
          key: head.alert.key,
          kind: head.alert.kind,
          attempt: head.attempts + 1,
          answer: outcome.detail,
        };
        if (outcome.ok) this.deps.logger.info('alert delivered', fields);
        else if (outcome.retryable) this.deps.logger.warn('alert not delivered; will retry', fields);
        else this.deps.logger.error('alert not delivered; giving up (check the channel settings)', fields);
      }
    }
  }

  async #save(): Promise<void> {
    try {
      await this.deps.store.save(this.#state);
    } catch (e: unknown) {
      this.deps.logger.error('alerts: state not saved', { error: toAppError(e).message });
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    const now = this.deps.clock.now();
    const candidates = [
      now + TICK_MS,
      nextDue(this.#state.queue),
      quietEndsAt(now, this.deps.settings().alerts.quietHours),
    ];
    const at = Math.min(...candidates.filter((t): t is number => t !== null));
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = this.deps.clock.setTimeout(
      () => {
        this.#timer = null;
        void this.#run(() => this.#evaluate(null));
      },
      Math.max(50, at - now),
    );
  }

  /** `clawkeeper alert test`: one test message through each named (or every) channel, now. */
  async test(only: string | null): Promise<ChannelTestResult[]> {
    const now = this.deps.clock.now();
    const alert = testAlert(this.deps.host, now);
    const timeoutMs = this.deps.settings().alerts.timeoutMs;
    const out: ChannelTestResult[] = [];
    const last: Record<string, LastDelivery> = {};
    for (const { name, channel } of this.#channels()) {
      if (only !== null && name !== only) continue;
      const target = describeChannel(channel, this.deps.defaultFlagPath);
      let outcome: DeliveryOutcome;
      if (channel.type === 'flag-file')
        outcome = await this.#testFlag(channel.path ?? this.deps.defaultFlagPath);
      else {
        const message = messageFor(channel, alert);
        outcome = message
          ? await this.deps.sink.deliver(message, timeoutMs).catch((e: unknown) => ({
              ok: false,
              retryable: true,
              detail: toAppError(e).message,
            }))
          : { ok: false, retryable: false, detail: 'nothing to send' };
      }
      this.deps.logger.info('alert test', { channel: name, target, ok: outcome.ok, answer: outcome.detail });
      out.push({ name, type: channel.type, target, outcome });
      last[name] = { at: now, ok: outcome.ok, detail: outcome.detail, kind: 'test', key: 'test' };
    }
    await this.deps.store.recordLast(last).catch((e: unknown) => {
      this.deps.logger.warn('alerts: test result not recorded', { error: toAppError(e).message });
    });
    return out;
  }

  async #testFlag(path: string): Promise<DeliveryOutcome> {
    try {
      if (await this.deps.sink.flagPresent(path))
        return {
          ok: true,
          retryable: false,
          detail: 'flag file is present: a login needs you (left in place)',
        };
      await this.deps.sink.setFlag(path, 'clawkeeper alert test\n');
      await this.deps.sink.setFlag(path, null);
      return { ok: true, retryable: false, detail: 'can write and remove the flag file' };
    } catch (e: unknown) {
      return { ok: false, retryable: false, detail: toAppError(e).message };
    }
  }
}

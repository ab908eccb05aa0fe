import type { TimerHandle } from '../../ports/clock.ts';
import { toAppError } from '../kernel/errors.ts';
import { assess } from '../health/verdict.ts';
import { primaryLogin, type Inventory } from '../discovery/inventory.ts';
import { discoverLinks, effectiveLinks, describeTarget, followStores, heldInSqliteStore } from './links.ts';
import { refreshClaudeLogin, type RefreshResult } from './refresher.ts';
import type { StatusReport } from '../health/report.ts';
import { isRefreshDue, nextCheck, refreshLeadMs, type NextCheck } from './refresh-policy.ts';
import { RefreshGate } from './refresh-gate.ts';
import { refreshOutcome } from './refresh-outcome.ts';
import { refreshThroughClaudeCli } from './claude-cli-refresh.ts';
import { watchPlan } from './watch-plan.ts';
import { KeeperWatch } from './keeper-watch.ts';
import { InstallationMemory } from './installation-changes.ts';
import { announcements } from './announcements.ts';
import type { KeeperDeps } from './keeper-deps.ts';
import type { KeeperControl, KeeperEvent } from '../contracts.ts';
import type { Settings } from '../settings/settings.ts';
import type { LoginSnapshot } from './sync.ts';
import { syncLinks } from './sync-links.ts';

export type { KeeperDeps } from './keeper-deps.ts';

const HISTORY = 200;
/** a timer that fires this much later than planned means the machine slept */
const SLEEP_SLACK_MS = 60_000;
/** how soon a pass that found something newly wrong is followed by the pass that confirms it */
export const CONFIRM_MS = 30_000;

/**
 * What a notification could be about: each credential not ok and each finding, by what it is
 * (not by its words: "expires in 2 d 3 h" changes every minute and is no news).
 */
const wrongOf = (r: StatusReport) =>
  JSON.stringify([
    r.credentials.filter((c) => c.state !== 'ok').map((c) => [c.id, c.state]),
    r.findings.map((f) => [f.check, f.credentials, f.files]),
  ]);
const NOTHING_WRONG = wrongOf({ credentials: [], findings: [] } as unknown as StatusReport);

/**
 * The engine: one serialized loop of discover → judge → refresh what is due → sync every link
 * → reload the gateway, driven by file events, an adaptive timer, wake-ups and manual requests.
 */
export class Keeper implements KeeperControl {
  #listeners = new Set<(e: KeeperEvent) => void>();
  #history: KeeperEvent[] = [];
  #report: StatusReport | null = null;
  #signature = '';
  #queue: Promise<void> = Promise.resolve();
  #pending = false;
  #timer: TimerHandle | null = null;
  #timerDue = 0;
  #debounce: TimerHandle | null = null;
  #reloadTimer: TimerHandle | null = null;
  #reloadWanted = false;
  #watch: KeeperWatch | null;
  #installation = new InstallationMemory();
  /** the last pass changed what is not ok: the next pass confirms it (soon, and said as `unchanged`) */
  #confirm = false;
  #wrong = NOTHING_WRONG;
  #paused = false;
  #running = false;
  #gate: RefreshGate;
  #next: NextCheck | null = null;
  #announced = new Set<string>();

  constructor(private readonly deps: KeeperDeps) {
    this.#gate = new RefreshGate(deps.random ?? Math.random);
    this.#watch = deps.watcher ? new KeeperWatch(deps.watcher, () => this.#onFileEvent()) : null;
  }

  /** when the keeper looks again and why, or null while stopped */
  nextCheck(): NextCheck | null {
    return this.#next;
  }

  get paused(): boolean {
    return this.#paused;
  }
  current(): StatusReport | null {
    return this.#report;
  }
  history(): readonly KeeperEvent[] {
    return this.#history;
  }
  /** Resolves when every queued pass (and the reload it scheduled, if due) has finished. */
  async settled(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.#queue;
      await q;
    } while (q !== this.#queue);
  }
  on(listener: (e: KeeperEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(e: KeeperEvent): void {
    // a pass that only confirmed the shown report is no news for the history
    if (e.type !== 'status' || !e.unchanged) this.#history.push(e);
    if (this.#history.length > HISTORY) this.#history.shift();
    const { type, ...rest } = e;
    if (type !== 'status') this.deps.logger.info(`keeper: ${type}`, rest);
    for (const l of this.#listeners) {
      try {
        l(e);
      } catch (err: unknown) {
        this.deps.logger.error('keeper: listener failed', { error: toAppError(err).message });
      }
    }
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.check('start');
  }

  async stop(): Promise<void> {
    this.#running = false;
    for (const t of [this.#timer, this.#debounce, this.#reloadTimer]) if (t) this.deps.clock.clearTimeout(t);
    this.#timer = this.#debounce = this.#reloadTimer = null;
    await this.#queue.catch(() => undefined);
    await this.#watch?.stop();
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#emit({ type: 'paused', at: this.deps.clock.now() });
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#emit({ type: 'resumed', at: this.deps.clock.now() });
    void this.check('resume');
  }

  refreshNow(opts: { force?: boolean } = {}): Promise<void> {
    return this.#enqueue(() => this.#cycle({ force: opts.force ?? false, manual: true }));
  }

  syncNow(): Promise<void> {
    return this.#enqueue(() => this.#cycle({ force: false, manual: true }));
  }

  /** One pass; concurrent requests coalesce into the queued one. */
  check(_trigger: string): Promise<void> {
    if (this.#pending) return this.#queue;
    this.#pending = true;
    return this.#enqueue(async () => {
      this.#pending = false;
      await this.#cycle({ force: false, manual: false });
    });
  }

  #enqueue(fn: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue
      .then(fn)
      .catch((e: unknown) =>
        this.#emit({ type: 'error', at: this.deps.clock.now(), message: toAppError(e).message }),
      );
    return this.#queue;
  }

  async #cycle(opts: { force: boolean; manual: boolean }): Promise<void> {
    const recovered = await this.deps
      .recover?.()
      .catch((e: unknown) =>
        this.deps.logger.warn('keeper: recovery failed', { error: toAppError(e).message }),
      );
    if (recovered?.crashed) this.#afterCrash = true;
    let inv = await this.deps.discover();
    let report = await this.#judge(inv);
    const settings = this.deps.settings();
    if (!this.#paused || opts.manual) {
      // a login rejected in an earlier run stays shut: its refresh token is never sent again
      const known = primaryLogin(inv)?.refresh?.fingerprint;
      const ev = await this.deps.verdict?.memory?.load().catch(() => null);
      if (known && ev?.rejected.has(known) && this.#gate.rejectedFingerprint !== known)
        this.#gate.rejected(known);
      const rejectedBefore = this.#gate.rejectedFingerprint;
      const refreshed = await this.#maybeRefresh(inv, settings, opts.force);
      // a rejected login is judged at once (needs-reauth), not when its access token runs out
      if (this.#gate.rejectedFingerprint !== rejectedBefore)
        await this.deps.verdict?.memory?.flush().catch(() => undefined);
      if (refreshed || this.#gate.rejectedFingerprint !== rejectedBefore) {
        inv = await this.deps.discover();
        report = await this.#judge(inv);
      }
      if (await this.#syncAll(inv, report)) {
        inv = await this.deps.discover();
        report = await this.#judge(inv);
        this.#scheduleReload();
      }
    }
    // only what a pass ends with is a status event (and so may notify): a copy the pass itself
    // renewed was never stale for anyone
    report = this.#finish(inv, report);
    this.#announce(report);
    await this.#rewatch(inv);
    this.#schedule(report);
  }

  #afterWake = false;
  #afterCrash = false;

  async #judge(inv: Inventory): Promise<StatusReport> {
    const v = this.deps.verdict ?? { memory: null, probe: null };
    const afterWake = this.#afterWake;
    this.#afterWake = false;
    const afterCrash = this.#afterCrash;
    this.#afterCrash = false;
    const { report } = await assess(
      inv,
      { ...v, lineage: this.deps.lineage, now: () => this.deps.clock.now(), settings: this.deps.settings() },
      { probe: 'due', afterWake, afterCrash },
    );
    // the window and the tray may show it at once; what notifies waits for the pass to end
    this.#report = this.#installation.apply(report);
    return report;
  }

  /**
   * The end of a pass. The installation as this pass found it against the last pass: another
   * release, a migrated store, an agent or state folder come or gone is said (one event); a
   * state folder gone with copies of the login stays a finding until it is back. Then the report
   * is published: a status event when anything shown changed, and once more (`unchanged`) at the
   * pass after, so the notification policy sees a judgment hold for two passes in a row.
   */
  #finish(inv: Inventory, judged: StatusReport): StatusReport {
    const { changes } = this.#installation.observe(inv, judged);
    if (changes.length > 0) this.#emit({ type: 'installation-changed', at: this.deps.clock.now(), changes });
    const report = this.#installation.apply(judged);
    this.#report = report;
    const sig = JSON.stringify([
      report.credentials.map((c) => [c.id, c.state, c.fingerprint, c.expiresAt, c.reason]),
      report.findings.map((f) => [f.check, f.message]),
    ]);
    if (sig !== this.#signature) {
      this.#signature = sig;
      // something newly wrong is looked at again soon (its words changing is not new)
      const wrong = wrongOf(report);
      this.#confirm = wrong !== this.#wrong && wrong !== NOTHING_WRONG;
      this.#wrong = wrong;
      this.#emit({ type: 'status', at: report.generatedAt, report });
    } else if (this.#confirm) {
      this.#confirm = false;
      this.#emit({ type: 'status', at: report.generatedAt, report, unchanged: true });
    }
    return report;
  }

  async #maybeRefresh(inv: Inventory, settings: Settings, force: boolean): Promise<boolean> {
    const strategy = settings.refresh.strategy;
    const store = this.deps.storeFor(inv);
    if (strategy === 'off' || !store) return false;
    const now = this.deps.clock.now();
    const current = primaryLogin(inv);
    const refreshFp = current?.refresh?.fingerprint ?? null;
    // invalid_grant: nothing to do until the user logs in again (the refresh token changes)
    if (!this.#gate.check(refreshFp, now, force).open) return false;
    const leadMs = refreshLeadMs(settings);
    if (strategy === 'claude-cli' && (!current || !isRefreshDue(current.expiresAt, now, leadMs, force)))
      return false;
    const result: RefreshResult =
      strategy === 'claude-cli'
        ? await refreshThroughClaudeCli(store, current, this.deps.runClaudeCli, settings)
        : await refreshClaudeLogin(this.deps.refresh, store, { leadMs, force });
    return this.#onRefresh(result, settings);
  }

  #onRefresh(result: RefreshResult, settings: Settings): boolean {
    const now = this.deps.clock.now();
    if (result.kind === 'rejected')
      void this.deps.verdict?.memory?.rejectLogin(result.refreshFingerprint, now).catch(() => undefined);
    const { events, changed } = refreshOutcome(result, this.#gate, now, settings);
    for (const e of events) this.#emit(e);
    return changed;
  }

  async #syncAll(inv: Inventory, report: StatusReport): Promise<boolean> {
    const settings = this.deps.settings();
    // the login as discovery just read it: no second read (on macOS each read is a `security` run)
    const login = primaryLogin(inv);
    // Only a live login is worth copying; a blanked or expired one would overwrite a working copy.
    if (!login?.access || login.blanked || login.expiresAt <= this.deps.clock.now()) return false;
    const snapshot: LoginSnapshot = {
      access: login.access,
      refresh: login.refresh,
      expiresAt: login.expiresAt,
    };
    // configured links follow the store: one that moved into SQLite is written through the CLI
    const configured = followStores(settings.sync.links, inv);
    const links = effectiveLinks(configured, discoverLinks(inv, report), settings.sync.autoLinks);
    const outcomes = await syncLinks(
      this.deps.writer,
      links,
      snapshot,
      this.deps.syncViaCli,
      (o) => {
        const at = this.deps.clock.now();
        const target = describeTarget(o.link.target);
        if (!o.ok) this.#emit({ type: 'sync-failed', at, link: o.link.id, target, error: o.error });
        else if (o.result.changed)
          this.#emit({
            type: 'synced',
            at,
            link: o.link.id,
            target,
            fingerprint: snapshot.access.fingerprint,
            backupId: o.result.backupId,
          });
      },
      (link) => (link.target.kind === 'openclaw-cli' ? heldInSqliteStore(inv, link.target) : undefined),
    );
    return outcomes.some((o) => o.ok && o.result.changed);
  }

  /** needs-reauth and stale copies are announced once per credential and token. */
  #announce(report: StatusReport): void {
    const held = this.#gate.rejectedFingerprint !== null;
    for (const e of announcements(report, this.#announced, held)) this.#emit(e);
  }

  #scheduleReload(): void {
    const s = this.deps.settings().sync;
    if (s.reload === 'off') return;
    this.#reloadWanted = true;
    if (this.#reloadTimer) this.deps.clock.clearTimeout(this.#reloadTimer);
    this.#reloadTimer = this.deps.clock.setTimeout(() => {
      this.#reloadTimer = null;
      // queued behind any sync in progress: never mid-sync
      void this.#enqueue(async () => {
        if (!this.#reloadWanted) return;
        this.#reloadWanted = false;
        const r = await this.deps.reload();
        if (r) this.#emit({ type: 'reloaded', at: this.deps.clock.now(), ...r });
      });
    }, s.reloadDebounceMs);
  }

  #schedule(report: StatusReport): void {
    if (!this.#running) return;
    const now = this.deps.clock.now();
    const next = nextCheck(report, this.deps.settings(), now, this.#gate.retryAt);
    // something newly wrong is looked at again soon: a notification waits for that second look
    this.#next =
      this.#confirm && next.at > now + CONFIRM_MS
        ? { at: now + CONFIRM_MS, reason: 'confirm', credential: null }
        : next;
    const at = this.#next.at;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timerDue = at;
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = null;
      const late = this.deps.clock.now() - this.#timerDue;
      if (late > SLEEP_SLACK_MS) {
        this.#afterWake = true;
        this.#emit({ type: 'woke', at: this.deps.clock.now(), sleptMs: late });
      }
      void this.check('timer');
    }, at - now);
  }

  async #rewatch(inv: Inventory): Promise<void> {
    if (!this.#watch || !this.#running) return;
    const follow = await this.deps.installationWatch?.(inv).catch(() => undefined);
    await this.#watch.follow(watchPlan(inv, this.deps.settings(), follow));
  }

  #onFileEvent(): void {
    if (!this.#running) return;
    if (this.#debounce) this.deps.clock.clearTimeout(this.#debounce);
    this.#debounce = this.deps.clock.setTimeout(() => {
      this.#debounce = null;
      void this.check('file');
    }, this.deps.settings().keeper.debounceMs);
  }
}

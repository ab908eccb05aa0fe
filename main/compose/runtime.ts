import type { AlertDuty } from '../core/notify/alert-duty.ts';
import type { Keeper } from '../core/keeper/keeper.ts';
import type { LoginCopier } from '../core/hosts/login-copier.ts';
import type { SettingsChange, SettingsFollower } from '../core/settings/settings-follower.ts';
import type { Settings } from '../core/settings/settings.ts';
import { toAppError } from '../core/kernel/errors.ts';
import type { Logger } from '../ports/logger.ts';
import { attachAlerts, createAlertDuty } from './alerts-factory.ts';
import type { AppContext } from './context.ts';
import { createKeeper } from './keeper-factory.ts';
import { attachLoginCopies, createRemoteHosts, type RemoteHostsContext } from './remote-hosts.ts';
import { createSettingsFollower } from './settings-follower.ts';

/** How long a stop waits for a login copy in flight to a host that hangs (not ssh's whole timeout). */
const COPY_STOP_GRACE_MS = 5000;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export interface RuntimeOptions {
  /** who runs it (`clawkeeper watch`, `the tray app`): named in the alert-duty record and logs */
  readonly face: string;
  /** watch the files and follow the settings file (false: one-shot keepers in tests) */
  readonly watch: boolean;
  /** the face's own surface for a settings change (a line on stdout, nothing, …); after the runtime applied it */
  readonly onSettingsChange?: (change: SettingsChange) => void;
}

/**
 * A running keeper's whole life, owned once for both faces (`clawkeeper watch` and the tray app):
 * the settings in effect, the settings follower, the keeper, the alert duty and the kept host
 * copies, started and stopped in one order. Each face only adds its own surface on top.
 */
export class Runtime {
  readonly keeper: Keeper;
  readonly alerts: AlertDuty;
  /** null when not watching */
  readonly follower: SettingsFollower | null;
  /** the remote hosts from the settings, or null when they could not be set up (said in the log) */
  readonly remote: RemoteHostsContext | null;
  /** the `host copy --keep` copier, or null when no host asked for one */
  readonly copier: LoginCopier | null;
  /** why the remote hosts are off, when they could not be set up */
  readonly remoteError: string | null = null;
  private current: Settings;
  private startup: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    readonly ctx: AppContext,
    private readonly logger: Logger,
    private readonly opts: RuntimeOptions,
  ) {
    this.current = ctx.loaded.settings;
    if (ctx.loaded.problem) logger.warn(ctx.loaded.problem);
    const settings = () => this.current;
    this.keeper = createKeeper(ctx, logger, { watch: opts.watch, settings });
    this.follower = opts.watch
      ? createSettingsFollower(ctx, logger, (change) => this.settingsChanged(change))
      : null;
    // one alert duty per machine: the tray app or `watch` delivers, never both
    this.alerts = createAlertDuty(ctx, logger, opts.face, settings);
    try {
      this.remote = createRemoteHosts(ctx);
      if (this.remote.config.problem) logger.warn(this.remote.config.problem);
    } catch (e: unknown) {
      this.remote = null;
      this.remoteError = toAppError(e).message;
      logger.warn('remote hosts are off', { error: this.remoteError });
    }
    this.copier = this.remote ? attachLoginCopies(ctx, this.remote, this.keeper, logger) : null;
    if (this.copier) logger.info('keeping host copies', { hosts: this.copier.targets().map((h) => h.name) });
  }

  /** The settings in effect (the file as last read well, or the defaults). */
  settings(): Settings {
    return this.current;
  }

  /** Takes settings the face itself saved (the tray's Settings tab) without treating them as an edit. */
  adopt(settings: Settings): void {
    this.current = settings;
    this.follower?.adopt(settings);
  }

  /**
   * Starts in the order that loses nothing: the follower (an edit during start-up counts), the
   * alert duty (the keeper's first events reach the channels, and what was queued goes out), then
   * the keeper's first pass.
   */
  start(): Promise<void> {
    return (this.startup ??= (async () => {
      await this.follower?.start();
      await this.alerts.start();
      attachAlerts(this.keeper, this.alerts);
      await this.keeper.start();
    })());
  }

  /**
   * Stops in the reverse order, each step even when an earlier one failed: the follower first (an
   * edit during the stop must not start another pass), the keeper (releases every lock), a copy in
   * flight gets a short grace, the alert duty last (the keeper's last events still go out).
   * Waits for a start still under way. Idempotent.
   */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      await this.startup?.catch(() => undefined);
      const step = async (what: string, p: () => Promise<unknown> | undefined) => {
        try {
          await p();
        } catch (e: unknown) {
          this.logger.error(`${what} failed`, { error: toAppError(e).message });
        }
      };
      await step('stopping the settings follower', () => this.follower?.stop());
      await step('stopping the keeper', () => this.keeper.stop());
      const copier = this.copier;
      await step('waiting for host copies', () =>
        copier ? Promise.race([copier.settled(), delay(COPY_STOP_GRACE_MS)]) : undefined,
      );
      await step('stopping the alert channels', () => this.alerts.stop());
    })());
  }

  private settingsChanged(change: SettingsChange): void {
    if (change.kind !== 'kept') this.current = change.settings;
    const problem = change.kind === 'defaults' ? null : change.problem;
    const restartFor = change.kind === 'kept' ? [] : change.restartFor;
    const level = change.kind === 'kept' || problem || restartFor.length ? 'warn' : 'info';
    this.logger[level]('settings file changed', {
      kind: change.kind,
      ...(problem ? { problem } : {}),
      ...(restartFor.length ? { restartFor } : {}),
    });
    this.opts.onSettingsChange?.(change);
    if (change.kind === 'kept') return;
    // the alert channels see the report at once (a channel added now hears of what is wrong now)
    void this.alerts.handle(null, this.keeper.current());
    void this.keeper.check('settings changed');
  }
}

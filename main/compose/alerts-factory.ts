import { hostname } from 'node:os';
import { join } from 'node:path';
import { AlertStateFile } from '../adapters/alerts/alert-state-file.ts';
import {
  AlertDutyFileLock,
  readDutyHolder,
  type DutyHolder,
} from '../adapters/alerts/alert-duty-file-lock.ts';
import { AlertDuty } from '../core/notify/alert-duty.ts';
import { NodeAlertSink } from '../adapters/alerts/node-alert-sink.ts';
import { Alerter } from '../core/notify/alerter.ts';
import { channelNames, describeChannel, flagPathFor } from '../core/settings/alert-settings.ts';
import type { LastDelivery } from '../core/notify/alert-state.ts';
import type { KeeperControl } from '../core/contracts.ts';
import type { Settings } from '../core/settings/settings.ts';
import type { Logger } from '../ports/logger.ts';
import type { AppContext } from './context.ts';
import { proxiedFetch } from '../adapters/node/proxy-dispatcher.ts';

/** Where the flag-file channel writes by default: beside Clawkeeper's own state (data dir). */
export const flagPathOf = (ctx: AppContext) => join(ctx.dataDir, 'REAUTH_NEEDED');
const stateFileOf = (ctx: AppContext) =>
  new AlertStateFile(ctx.writer.files, join(ctx.dataDir, 'alerts', 'state.json'));

/** The daemon's alert service on this context (real HTTP, real processes, real files). */
export function createAlerter(
  ctx: AppContext,
  logger: Logger,
  settings: () => Settings = () => ctx.loaded.settings,
): Alerter {
  return new Alerter({
    clock: ctx.clock,
    logger,
    settings,
    host: settings().alerts.hostname ?? hostname(),
    defaultFlagPath: flagPathOf(ctx),
    sink: new NodeAlertSink({
      runner: ctx.runner,
      files: ctx.writer.files,
      env: ctx.env.vars,
      // through HTTPS_PROXY / NO_PROXY, as every HTTP client of the CLI and the tray
      fetch: proxiedFetch(ctx.env.vars),
    }),
    store: stateFileOf(ctx),
  });
}

/**
 * The alert channels of one keeper (the tray app or `watch`): run only while it holds the duty
 * lock in the data dir, so two keepers on one machine never deliver an alert twice.
 */
export function createAlertDuty(
  ctx: AppContext,
  logger: Logger,
  face: string,
  settings: () => Settings = () => ctx.loaded.settings,
): AlertDuty {
  return new AlertDuty({
    clock: ctx.clock,
    logger,
    lock: new AlertDutyFileLock(ctx.writer.files, join(ctx.dataDir, 'alerts'), face),
    alerter: () => createAlerter(ctx, logger, settings),
    wanted: () => settings().alerts.channels.length > 0,
    face,
  });
}

/** Feeds every keeper event, with the latest report, to the alert service. */
export function attachAlerts(keeper: KeeperControl, alerter: Pick<Alerter, 'handle'>): () => void {
  return keeper.on((e) => void alerter.handle(e, e.type === 'status' ? e.report : keeper.current()));
}

export interface AlertsOverview {
  readonly channels: ReadonlyArray<{
    name: string;
    type: string;
    /** masked: never the secret part of a URL */
    target: string;
    lastDelivery: LastDelivery | null;
    queued: number;
  }>;
  readonly quietHours: Settings['alerts']['quietHours'];
  readonly flagFiles: ReadonlyArray<{ path: string; present: boolean }>;
  /** the keeper that delivers them (`watch` or the tray app), or null: nobody does right now */
  readonly runBy: DutyHolder | null;
}

/** What `status` shows about alerts: channels (masked), their last delivery, the queue, flags. */
export async function alertsOverview(ctx: AppContext): Promise<AlertsOverview> {
  const s = ctx.loaded.settings.alerts;
  const state = await stateFileOf(ctx).load();
  const names = channelNames(s.channels);
  const flagFiles: Array<{ path: string; present: boolean }> = [];
  for (const c of s.channels)
    if (c.type === 'flag-file') {
      const path = flagPathFor(c, flagPathOf(ctx));
      flagFiles.push({ path, present: (await ctx.writer.files.stat(path)) !== null });
    }
  return {
    channels: s.channels.map((c, i) => {
      const name = names[i] ?? c.type;
      return {
        name,
        type: c.type,
        target: describeChannel(c, flagPathOf(ctx)),
        lastDelivery: state.last[name] ?? null,
        queued: state.queue.filter((q) => q.channel === name).length,
      };
    }),
    quietHours: s.quietHours,
    flagFiles,
    runBy:
      s.channels.length > 0
        ? await readDutyHolder(ctx.writer.files, join(ctx.dataDir, 'alerts'), ctx.clock.now())
        : null,
  };
}

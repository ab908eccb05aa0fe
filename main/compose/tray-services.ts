import { DoctorService } from '../core/doctor/doctor.ts';
import { settingsPath } from '../core/kernel/paths.ts';
import type { AppServices } from '../core/contracts.ts';
import { loadSettings, updateSettings, type Settings } from '../core/settings/settings.ts';
import { validateToken } from '../core/setup-token/validate-token.ts';
import { createAppContext, createPasteService, verdictDeps } from './context.ts';
import { createKeeper } from './keeper-factory.ts';
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import { HostsMonitor } from '../core/hosts/hosts-monitor.ts';
import { attachLoginCopies, createRemoteHosts } from './remote-hosts.ts';
import { attachAlerts, createAlertDuty } from './alerts-factory.ts';
import { createSettingsFollower } from './settings-follower.ts';

/**
 * The real services behind the tray app, built from the same Node adapters as the CLI (so the
 * window and `clawkeeper` always agree). Plain Node: tests run it under the fake Electron.
 */
export async function createNodeServices(opts: {
  vars: NodeJS.ProcessEnv;
  logger: Logger;
  logsDir: string;
  clock?: Clock;
  watch?: boolean;
}): Promise<AppServices> {
  const ctx = await createAppContext(opts.vars, {
    responsive: true,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  let settings: Settings = ctx.loaded.settings;
  if (ctx.loaded.problem) opts.logger.warn(ctx.loaded.problem);
  const keeper = createKeeper(ctx, opts.logger, { watch: opts.watch ?? true, settings: () => settings });
  const doctor = () =>
    new DoctorService({
      discovery: { ...ctx.deps, settings },
      writer: ctx.writer,
      clock: ctx.clock,
      settings,
      verdict: verdictDeps(ctx, settings),
    });
  const recheck = () => void keeper.check('user action');
  // an edit of the settings file by hand takes effect without a restart (not in tests that
  // run without watching)
  const follower =
    (opts.watch ?? true)
      ? createSettingsFollower(ctx, opts.logger, (change) => {
          if (change.kind !== 'kept') settings = change.settings;
          if (change.kind === 'kept' || (change.kind === 'applied' && change.problem))
            opts.logger.warn(change.kind === 'kept' ? change.problem : change.problem!);
          else opts.logger.info('settings file changed; new settings in effect', { kind: change.kind });
          if (change.kind === 'kept') return;
          if (change.restartFor.length)
            opts.logger.warn('some changed settings take effect at the next start of the app', {
              restartFor: change.restartFor,
            });
          // the alert channels see the report at once (a channel added now hears of what is wrong)
          void alerts.handle(null, keeper.current());
          void keeper.check('settings changed');
        })
      : null;
  // the same alert channels, policy and persisted memory as `watch`; one of the two runs them
  const alerts = createAlertDuty(ctx, opts.logger, 'the tray app', () => settings);
  attachAlerts(keeper, alerts);
  let hosts: HostsMonitor | undefined;
  try {
    const remote = createRemoteHosts(ctx);
    if (remote.config.problem) opts.logger.warn(remote.config.problem);
    hosts = new HostsMonitor({
      status: (h) => remote.hosts.status(h),
      hosts: () => remote.config.hosts,
      clock: ctx.clock,
      intervalMs: 10 * 60_000,
    });
    attachLoginCopies(ctx, remote, keeper, opts.logger);
  } catch (e: unknown) {
    opts.logger.warn('remote hosts are off', { error: e instanceof Error ? e.message : String(e) });
  }
  return {
    keeper,
    ...(hosts ? { hosts } : {}),
    alerts,
    ...(follower ? { settingsFollower: follower } : {}),
    logsDir: opts.logsDir,
    validateToken: (raw) => validateToken(raw),
    async pasteToken(req) {
      const result = await createPasteService(ctx, settings).paste(req);
      recheck();
      return result;
    },
    doctor: () => doctor().report(),
    async applyFixes(ids, dryRun) {
      const result = await doctor().applyFixes(ids, dryRun);
      if (!dryRun) recheck();
      return result;
    },
    // The window edits the reload command as `gateway.reloadCommand`; it maps onto sync.reload.
    settings: () => ({
      ...settings,
      gateway: { reloadCommand: settings.sync.reload === 'command' ? settings.sync.reloadCommand : null },
    }),
    async updateSettings(patch) {
      const { gateway, ...rest } = patch as { gateway?: { reloadCommand?: string[] | null } } & Record<
        string,
        unknown
      >;
      settings = await updateSettings(
        ctx.writer.files,
        settingsPath(ctx.env),
        (raw) => {
          for (const [key, value] of Object.entries(rest)) {
            const cur = raw[key];
            raw[key] =
              cur && typeof cur === 'object' && value && typeof value === 'object' && !Array.isArray(value)
                ? { ...cur, ...value }
                : value;
          }
          if (gateway && 'reloadCommand' in gateway) {
            const sync = { ...((raw.sync as Record<string, unknown> | undefined) ?? {}) };
            if (gateway.reloadCommand && gateway.reloadCommand.length > 0)
              Object.assign(sync, { reload: 'command', reloadCommand: gateway.reloadCommand });
            else if (sync.reload === 'command') Object.assign(sync, { reload: 'auto', reloadCommand: [] });
            raw.sync = sync;
          }
        },
        ctx.trust,
      );
      // what is in effect is what a load gives (the guard on a group-/world-writable file included)
      const reloaded = await loadSettings(ctx.writer.files, settingsPath(ctx.env), ctx.trust);
      if (!reloaded.invalid) settings = reloaded.settings;
      if (reloaded.problem) opts.logger.warn(reloaded.problem);
      follower?.adopt(settings);
      recheck();
      return settings;
    },
  };
}

import { DoctorService } from '../core/doctor/doctor.ts';
import { settingsPath } from '../core/kernel/paths.ts';
import type { AppServices } from '../core/contracts.ts';
import { loadSettings, updateSettings } from '../core/settings/settings.ts';
import { validateToken } from '../core/setup-token/validate-token.ts';
import { createAppContext, createPasteService, verdictDeps } from './context.ts';
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import { HostsMonitor } from '../core/hosts/hosts-monitor.ts';
import { Runtime } from './runtime.ts';

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
  const runtime = new Runtime(ctx, opts.logger, { face: 'the tray app', watch: opts.watch ?? true });
  const { keeper, remote } = runtime;
  const settings = () => runtime.settings();
  const doctor = () =>
    new DoctorService({
      discovery: { ...ctx.deps, settings: settings() },
      writer: ctx.writer,
      clock: ctx.clock,
      settings: settings(),
      verdict: verdictDeps(ctx, settings()),
    });
  const recheck = () => void keeper.check('user action');
  const hosts = remote
    ? new HostsMonitor({
        status: (h) => remote.hosts.status(h),
        hosts: () => remote.config.hosts,
        clock: ctx.clock,
        intervalMs: 10 * 60_000,
      })
    : undefined;
  return {
    keeper,
    lifecycle: runtime,
    ...(hosts ? { hosts } : {}),
    logsDir: opts.logsDir,
    validateToken: (raw) => validateToken(raw),
    async pasteToken(req) {
      const result = await createPasteService(ctx, settings()).paste(req);
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
    settings: () => {
      const s = settings();
      return { ...s, gateway: { reloadCommand: s.sync.reload === 'command' ? s.sync.reloadCommand : null } };
    },
    async updateSettings(patch) {
      const { gateway, ...rest } = patch as { gateway?: { reloadCommand?: string[] | null } } & Record<
        string,
        unknown
      >;
      const saved = await updateSettings(ctx.writer.files, settingsPath(ctx.env), (raw) => {
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
      });
      // what is in effect is what a load gives (the guard on a group-/world-writable file included)
      const reloaded = await loadSettings(ctx.writer.files, settingsPath(ctx.env));
      runtime.adopt(reloaded.invalid ? saved : reloaded.settings);
      if (reloaded.problem) opts.logger.warn(reloaded.problem);
      recheck();
      return runtime.settings();
    },
  };
}

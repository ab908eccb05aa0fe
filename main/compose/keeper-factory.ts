import { ChokidarWatcher } from '../adapters/node/chokidar-watcher.ts';
import { HttpTokenEndpoint } from '../adapters/node/http-token-endpoint.ts';
import { ClaudeLoginStore } from '../core/discovery/claude-login-store.ts';
import { discover } from '../core/discovery/discovery.ts';
import { installationWatch } from '../core/discovery/installation-watch.ts';
import { primaryClaudeStore, type Inventory } from '../core/discovery/inventory.ts';
import { Keeper } from '../core/keeper/keeper.ts';
import { reloadGateway } from '../core/keeper/reload.ts';
import { syncViaOpenClawCli } from '../core/keeper/sync-via-cli.ts';
import type { Settings } from '../core/settings/settings.ts';
import type { Logger } from '../ports/logger.ts';
import { livenessProbe, type AppContext } from './context.ts';
import { recoverOnStart, refreshJournal } from './recovery.ts';

/** Builds the keeper from the app context (CLI and tray alike): real endpoint, real locks, chokidar when watching. */
export function createKeeper(
  ctx: AppContext,
  logger: Logger,
  opts: { watch: boolean; settings?: () => Settings; onInventory?: (inv: Inventory) => void },
): Keeper {
  const settings = opts.settings ?? (() => ctx.loaded.settings);
  const s = settings().refresh;
  const endpoint = new HttpTokenEndpoint({
    url: ctx.env.vars.CLAWKEEPER_TOKEN_URL || s.tokenUrl,
    clientId: s.clientId,
    userAgent: s.userAgent,
    timeoutMs: s.timeoutMs,
    env: ctx.env.vars,
  });
  return new Keeper({
    clock: ctx.clock,
    logger,
    watcher: opts.watch ? new ChokidarWatcher() : null,
    settings,
    // each pass discovers with the settings in effect (a running keeper follows the settings file)
    // and the release installed now (another one may have been installed since the last pass)
    discover: async () => {
      await ctx.openclaw.revalidate?.();
      const inv = await discover({ ...ctx.deps, settings: settings() });
      // the usage monitor learns the logins from the keeper's own discovery (no second read)
      opts.onInventory?.(inv);
      return inv;
    },
    installationWatch: (inv) => installationWatch({ ...ctx.deps, settings: settings() }, inv),
    storeFor: (inv) => {
      const primary = primaryClaudeStore(inv);
      return primary
        ? new ClaudeLoginStore(primary, {
            files: ctx.writer.files,
            keychain: ctx.deps.keychain,
            env: ctx.env,
          })
        : null;
    },
    refresh: { locks: ctx.writer.locks, endpoint, clock: ctx.clock, journal: refreshJournal(ctx) },
    // a refresh journal left behind means a run died mid-refresh: the next pass probes the login
    recover: async () => ({ crashed: (await recoverOnStart(ctx, logger)).kind !== 'none' }),
    writer: ctx.writer,
    runClaudeCli: async (argv) => {
      const [cmd, ...args] = argv;
      const r = await ctx.runner.run(cmd ?? 'claude', args, { env: ctx.env.vars, timeoutMs: 120_000 });
      return {
        ok: r.code === 0,
        detail: r.spawnError
          ? `could not start: ${r.spawnError}`
          : r.timedOut
            ? 'timed out'
            : `exit ${r.code}`,
      };
    },
    reload: () =>
      reloadGateway({ runner: ctx.runner, openclaw: ctx.openclaw, env: ctx.env.vars }, settings().sync),
    syncViaCli: syncViaOpenClawCli({ openclaw: ctx.openclaw, lineage: ctx.lineage, clock: ctx.clock }),
    lineage: ctx.lineage,
    verdict: { memory: ctx.evidence, files: ctx.writer.files, probe: livenessProbe(ctx) },
  });
}

import { HttpUsageEndpoint } from '../adapters/node/http-usage-endpoint.ts';
import { discover } from '../core/discovery/discovery.ts';
import type { Settings } from '../core/settings/settings.ts';
import { inventoryLogins, type UsageLogin, type UsageSkip } from '../core/usage/usage-logins.ts';
import { UsageMemory } from '../core/usage/usage-memory.ts';
import type { UsageEndpoint } from '../ports/usage-endpoint.ts';
import type { AppContext } from './context.ts';
import { UsageMonitor } from '../core/usage/usage-monitor.ts';
import { withUsageView } from '../core/usage/usage-view.ts';
import type { KeeperControl } from '../core/contracts.ts';
import type { Logger } from '../ports/logger.ts';
import { createKeeper } from './keeper-factory.ts';

/** The usage endpoint on this context: the API base (`CLAWKEEPER_API_BASE`, else `api.base`). */
export function createUsageEndpoint(
  ctx: AppContext,
  settings: Settings = ctx.loaded.settings,
): UsageEndpoint {
  return new HttpUsageEndpoint(ctx.http, {
    apiBase: ctx.apiBase,
    // the refresh's Claude-Code-style User-Agent: the endpoint is reported to refuse unusual ones
    userAgent: settings.refresh.userAgent,
    timeoutMs: settings.api.timeoutMs,
  });
}

/** The shared usage readings in the data dir (`usage.json`). */
export function usageMemory(ctx: AppContext): UsageMemory {
  return new UsageMemory(ctx.writer.files, ctx.dataDir);
}

/** Discovers this machine's credentials and picks the logins (the CLI's one-shot path). */
export async function discoverLogins(
  ctx: AppContext,
): Promise<{ logins: UsageLogin[]; skipped: UsageSkip[] }> {
  const s = ctx.loaded.settings;
  return inventoryLogins(await discover(ctx.deps), ctx.clock.now(), s.health.signInWarnDays * 86_400_000);
}

/**
 * The keeper of the tray app and `watch` with the usage windows in its reports: the monitor
 * follows the keeper's discoveries and starts and stops with it. `keeper` is the engine itself
 * (for `check()`), `view` what the faces, notifications and alerts listen to.
 */
export function createKeeperWithUsage(
  ctx: AppContext,
  logger: Logger,
  opts: { watch: boolean; settings: () => Settings },
): { keeper: ReturnType<typeof createKeeper>; view: KeeperControl; usage: UsageMonitor } {
  const usage = new UsageMonitor({
    clock: ctx.clock,
    logger,
    endpoint: createUsageEndpoint(ctx, opts.settings()),
    memory: usageMemory(ctx),
    settings: opts.settings,
  });
  const keeper = createKeeper(ctx, logger, { ...opts, onInventory: (inv) => usage.observe(inv) });
  return { keeper, view: withUsageView(keeper, usage, ctx.clock), usage };
}

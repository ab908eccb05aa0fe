import { HttpUsageEndpoint } from '../adapters/node/http-usage-endpoint.ts';
import { discover } from '../core/discovery/discovery.ts';
import type { Settings } from '../core/settings/settings.ts';
import { inventoryLogins, type UsageLogin, type UsageSkip } from '../core/usage/usage-logins.ts';
import { UsageMemory } from '../core/usage/usage-memory.ts';
import type { UsageEndpoint } from '../ports/usage-endpoint.ts';
import type { AppContext } from './context.ts';
import { UsageMonitor } from '../core/usage/usage-monitor.ts';
import type { Logger } from '../ports/logger.ts';

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

/** The usage monitor of a running keeper (the tray app and `watch`), on this context. */
export function createUsageMonitor(ctx: AppContext, logger: Logger, settings: () => Settings): UsageMonitor {
  return new UsageMonitor({
    clock: ctx.clock,
    logger,
    endpoint: createUsageEndpoint(ctx, settings()),
    memory: usageMemory(ctx),
    settings,
  });
}

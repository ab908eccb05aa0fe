import { HttpUsageEndpoint } from '../adapters/node/http-usage-endpoint.ts';
import { discover } from '../core/discovery/discovery.ts';
import { collectEntries } from '../core/health/health.ts';
import type { Settings } from '../core/settings/settings.ts';
import { usageLogins, type UsageLogin, type UsageSkip } from '../core/usage/usage-logins.ts';
import { UsageMemory } from '../core/usage/usage-memory.ts';
import type { Inventory } from '../core/discovery/inventory.ts';
import type { UsageEndpoint } from '../ports/usage-endpoint.ts';
import type { AppContext } from './context.ts';

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

/** The logins of an inventory whose usage can be read, and the credentials left out. */
export function loginsOf(
  inv: Inventory,
  settings: Settings,
  now: number,
): { logins: UsageLogin[]; skipped: UsageSkip[] } {
  return usageLogins(collectEntries(inv, now, settings.health.signInWarnDays * 86_400_000), now);
}

/** Discovers this machine's credentials and picks the logins (the CLI's one-shot path). */
export async function discoverLogins(
  ctx: AppContext,
): Promise<{ logins: UsageLogin[]; skipped: UsageSkip[] }> {
  return loginsOf(await discover(ctx.deps), ctx.loaded.settings, ctx.clock.now());
}

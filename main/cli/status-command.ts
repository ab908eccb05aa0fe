import { discover } from '../core/discovery.ts';
import { judge } from '../core/health.ts';
import type { StatusReport } from '../core/report.ts';
import type { CliContext } from './context.ts';

/** Discovery plus judgement: the report `status`, `watch` and the tray all start from. */
export async function buildStatus(ctx: CliContext, opts: { agent?: string } = {}): Promise<StatusReport> {
  const inventory = await discover(ctx.deps, opts.agent ? { agent: opts.agent } : {});
  const notes = ctx.loaded.problem ? [ctx.loaded.problem] : [];
  return judge(inventory, { now: ctx.clock.now(), settings: ctx.loaded.settings, notes });
}

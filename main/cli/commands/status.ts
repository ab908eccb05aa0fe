import { discover } from '../../core/discovery/discovery.ts';
import { judge } from '../../core/health/health.ts';
import type { StatusReport } from '../../core/health/report.ts';
import { parseArgs } from 'node:util';
import { createAppContext, type AppContext } from '../../compose/context.ts';
import { renderStatus } from '../render-status.ts';
import type { Command } from '../command.ts';
import { alertsOverview } from '../../compose/alerts-factory.ts';
import { renderAlerts } from '../render-alerts.ts';

/** Discovery plus judgement: the report `status`, `watch` and the tray all start from. */
export async function buildStatus(ctx: AppContext, opts: { agent?: string } = {}): Promise<StatusReport> {
  const inventory = await discover(ctx.deps, opts.agent ? { agent: opts.agent } : {});
  const notes = ctx.loaded.problem ? [ctx.loaded.problem] : [];
  // read-only: status never writes, it only uses what the keeper remembered
  const knownLogin = await ctx.lineage.load();
  return judge(inventory, { now: ctx.clock.now(), settings: ctx.loaded.settings, notes, knownLogin });
}

export const statusCommand: Command = {
  name: 'status',
  usage: 'status [--json] [--check] [--agent ID]',
  summary: `Find every Claude Code login and OpenClaw profile on this machine and judge its health.
    --json    one JSON object (schema clawkeeper.status/1), no token values
    --check   exit 0 when all ok, 2 when something is expiring or a stale copy,
              1 when something is expired, missing, needs re-auth, misconfigured or unreadable
    --agent   only this OpenClaw agent`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        json: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        agent: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const ctx = await createAppContext(io.env);
    const report = await buildStatus(ctx, values.agent ? { agent: values.agent } : {});
    if (ctx.loaded.problem && !values.json) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
    const alerts = await alertsOverview(ctx);
    if (values.json) io.stdout.write(JSON.stringify({ ...report, alerts }, null, 2) + '\n');
    else
      io.stdout.write(
        renderStatus(report, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }, ctx.clock.now()) +
          renderAlerts(alerts, ctx.clock.now()),
      );
    return values.check ? report.exitCode : 0;
  },
};

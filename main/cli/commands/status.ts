import { discover } from '../../core/discovery/discovery.ts';
import { assess, knownAgents, viewForAgent, type ProbeSummary } from '../../core/health/verdict.ts';
import type { StatusReport } from '../../core/health/report.ts';
import { parseArgs } from 'node:util';
import { createAppContext, verdictDeps, type AppContext } from '../../compose/context.ts';
import { renderStatus } from '../render-status.ts';
import { withPlans } from '../../core/doctor/doctor.ts';
import { UsageError, type Io } from '../command.ts';
import { alertsOverview } from '../../compose/alerts-factory.ts';
import { renderAlerts } from '../render-alerts.ts';
import { usageMemory } from '../../compose/usage-factory.ts';
import { withUsage } from '../../core/usage/usage-report.ts';
import { renderUsageSummary } from '../render-usage.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

/** Discovery plus the one verdict: the report `status`, `watch` and the tray all start from. */
export async function buildStatus(
  ctx: AppContext,
  opts: { agent?: string; probe?: boolean } = {},
): Promise<{ report: StatusReport; probes: ProbeSummary }> {
  // every agent is checked (config checks need them all); --agent only filters what is shown
  const inventory = await discover(ctx.deps);
  const notes = ctx.loaded.problem ? [ctx.loaded.problem] : [];
  const judged = await assess(inventory, verdictDeps(ctx), {
    notes,
    probe: opts.probe ? 'all' : 'off',
  });
  const report = withPlans(judged.report);
  const probes = judged.probes;
  if (opts.agent === undefined) return { report, probes };
  const known = knownAgents(report);
  if (!known.includes(opts.agent))
    throw new UsageError(
      `unknown agent "${opts.agent}"; known agents: ${known.length ? known.join(', ') : 'none (no OpenClaw install found)'}`,
    );
  return { report: viewForAgent(report, opts.agent), probes };
}

/** `clawkeeper status`: usage and summary live in ../commands.ts. */
export async function runStatus(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      agent: { type: 'string' },
      probe: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const ctx = await createAppContext(io.env);
  const built = await buildStatus(ctx, {
    ...(values.agent !== undefined ? { agent: values.agent } : {}),
    probe: values.probe,
  });
  const { probes } = built;
  // the usage windows as last read (by the tray app, `watch` or `clawkeeper usage`): no request here
  const u = ctx.loaded.settings.usage;
  const report = u.enabled
    ? withUsage(built.report, await usageMemory(ctx).load(), {
        now: ctx.clock.now(),
        intervalMs: u.intervalMinutes * 60_000,
      })
    : built.report;
  if (ctx.loaded.problem && !values.json) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
  if (values.probe && !values.json)
    io.stderr.write(
      `clawkeeper: probed ${probes.probed} token(s): ${probes.alive} accepted, ${probes.dead} rejected, ${probes.unreachable} not reachable (unchanged)\n`,
    );
  const alerts = await alertsOverview(ctx);
  if (values.json) writeJson(io, OUTPUT.status, { ...report, alerts });
  else
    io.stdout.write(
      renderStatus(report, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }, ctx.clock.now()) +
        renderUsageSummary(report, u.thresholds, ctx.clock.now()) +
        renderAlerts(alerts, ctx.clock.now()),
    );
  return values.check ? report.exitCode : 0;
}

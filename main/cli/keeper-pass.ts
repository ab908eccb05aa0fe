import { parseArgs } from 'node:util';
import { createFileLogger } from '../adapters/node/file-logger.ts';
import { describeEvent } from '../core/notify/event-text.ts';
import type { KeeperEvent } from '../core/contracts.ts';
import type { StatusReport } from '../core/health/report.ts';
import type { Io } from './command.ts';
import { createAppContext } from '../compose/context.ts';
import { createKeeper } from '../compose/keeper-factory.ts';
import { RefreshWait } from '../core/keeper/refresh-wait.ts';
import { OUTPUT, writeJsonLine } from './json-output.ts';

/** Prints keeper events: one line each, or one JSON object per line. */
export function printer(io: Io, json: boolean, now: () => number) {
  return (e: KeeperEvent) => {
    // a status that only confirms the one shown is no news
    if (e.type === 'status' && (!json || e.unchanged)) return;
    if (json)
      writeJsonLine(
        io,
        OUTPUT.event,
        e.type === 'status'
          ? {
              ...e,
              report: {
                worst: e.report.worst,
                exitCode: e.report.exitCode,
                credentials: e.report.credentials.map((c) => ({
                  id: c.id,
                  state: c.state,
                  expiresAt: c.expiresAt,
                  fingerprint: c.fingerprint,
                })),
                ...(e.report.usage
                  ? {
                      usage: Object.values(e.report.usage).map((u) => ({
                        fingerprint: u.fingerprint,
                        status: u.status,
                        windows: u.windows.map((w) => ({
                          id: w.id,
                          percent: w.percent,
                          resetsAt: w.resetsAt,
                        })),
                      })),
                    }
                  : {}),
              },
            }
          : e,
      );
    else io.stdout.write(`${new Date(e.at).toISOString()}  ${describeEvent(e, now())}\n`);
  };
}

/** One keeper pass for `sync` and `refresh`; returns the exit code. */
export async function onePass(args: string[], io: Io, kind: 'sync' | 'refresh'): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
    strict: true,
  });
  if (kind === 'sync' && values.force) throw new Error('--force belongs to `clawkeeper refresh`');
  const ctx = await createAppContext(io.env);
  if (ctx.loaded.problem) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
  const logger = createFileLogger(ctx.dataDir);
  if (ctx.loaded.problem) logger.warn(ctx.loaded.problem);
  // the endpoint's Retry-After (and the backoff after a transient failure) outlives this process:
  // a cron run a minute later does not ask again before the time it was given
  const wait = new RefreshWait(ctx.writer.files, ctx.dataDir);
  const until = values.force ? null : await wait.until(ctx.clock.now());
  if (until !== null)
    io.stderr.write(
      `clawkeeper: the token endpoint asked to wait until ${new Date(until).toISOString()}; not refreshing before then (--force to try anyway)\n`,
    );
  const s = ctx.loaded.settings;
  const keeper = createKeeper(ctx, logger, {
    watch: false,
    ...(until !== null
      ? { settings: () => ({ ...s, refresh: { ...s.refresh, strategy: 'off' as const } }) }
      : {}),
  });
  const events: KeeperEvent[] = [];
  keeper.on((e) => events.push(e));
  keeper.on(printer(io, values.json, () => ctx.clock.now()));
  if (kind === 'refresh') await keeper.refreshNow({ force: values.force });
  else await keeper.syncNow();
  await keeper.stop();
  const retry = events.find((e) => e.type === 'refresh-failed' && e.retryable && e.nextAttemptAt !== null);
  if (retry?.type === 'refresh-failed' && retry.nextAttemptAt !== null) await wait.set(retry.nextAttemptAt);
  else if (events.some((e) => e.type === 'refreshed')) await wait.clear();
  const report = keeper.current();
  if (kind === 'refresh') {
    const failed = events.find((e) => e.type === 'refresh-failed');
    const did = events.some((e) => e.type === 'refreshed');
    if (!values.json)
      io.stdout.write(
        did
          ? 'Claude Code login refreshed.\n'
          : failed
            ? ''
            : 'Nothing to refresh: the login is not due (use --force to refresh anyway).\n',
      );
    if (failed?.type === 'refresh-failed') return failed.retryable ? 75 : 1;
    if (until !== null) return 75;
    return report?.credentials.some((c) => c.id === 'claude-code') || did ? 0 : 1;
  }
  if (
    !values.json &&
    !events.some((e) => e.type === 'synced' || e.type === 'sync-failed' || e.type === 'refreshed')
  )
    io.stdout.write(nothingSynced(report));
  // a target that could not be written is a failure of this command, whatever the states say
  if (events.some((e) => e.type === 'sync-failed')) return 1;
  return report?.exitCode ?? 1;
}

/** What `sync` says when it wrote nothing: in step, or which copies it does not keep are behind. */
function nothingSynced(report: StatusReport | null): string {
  const behind = (report?.credentials ?? []).filter((c) => c.state === 'stale-copy').map((c) => c.id);
  if (behind.length === 0) return 'Everything is in step: nothing to sync.\n';
  const one = behind.length === 1;
  return `Nothing synced: ${behind.join(', ')} still ${one ? 'holds' : 'hold'} an older token, and no link keeps ${one ? 'it' : 'them'} in step (\`clawkeeper status\` says why; \`clawkeeper link add\` adds a link).\n`;
}

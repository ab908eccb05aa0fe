import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { describeEvent } from '../../core/event-text.ts';
import type { KeeperEvent } from '../../core/services.ts';
import type { Command, Io } from '../command.ts';
import { createCliContext } from '../context.ts';
import { createKeeper } from '../keeper-factory.ts';
import { attachAlerts, createAlerter } from '../alerts-factory.ts';

function printer(io: Io, json: boolean, now: () => number) {
  return (e: KeeperEvent) => {
    if (e.type === 'status' && !json) return;
    if (json)
      io.stdout.write(
        JSON.stringify(
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
                },
              }
            : e,
        ) + '\n',
      );
    else io.stdout.write(`${new Date(e.at).toISOString()}  ${describeEvent(e, now())}\n`);
  };
}

async function onePass(args: string[], io: Io, kind: 'sync' | 'refresh'): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
    strict: true,
  });
  if (kind === 'sync' && values.force) throw new Error('--force belongs to `clawkeeper refresh`');
  const ctx = await createCliContext(io.env);
  const logger = createFileLogger(ctx.dataDir);
  const keeper = createKeeper(ctx, logger, { watch: false });
  const events: KeeperEvent[] = [];
  keeper.on((e) => events.push(e));
  keeper.on(printer(io, values.json, () => ctx.clock.now()));
  if (kind === 'refresh') await keeper.refreshNow({ force: values.force });
  else await keeper.syncNow();
  await keeper.stop();
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
    return report?.credentials.some((c) => c.id === 'claude-code') || did ? 0 : 1;
  }
  if (
    !values.json &&
    !events.some((e) => e.type === 'synced' || e.type === 'sync-failed' || e.type === 'refreshed')
  )
    io.stdout.write('Everything is in step: nothing to sync.\n');
  return report?.exitCode ?? 1;
}

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--json]',
  summary: `One pass: refresh Claude Code's login if it is due, copy it into every link, print what happened.
    Exit codes as \`status --check\` after the pass.`,
  run: (args, io) => onePass(args, io, 'sync'),
};

export const refreshCommand: Command = {
  name: 'refresh',
  usage: 'refresh [--force] [--json]',
  summary: `Refresh Claude Code's login now if it is within the lead time (--force: regardless), through
    Claude Code's own lock protocol. Exit 0 done or not due, 1 rejected (log in again) or no login,
    75 temporary failure (try later).`,
  run: (args, io) => onePass(args, io, 'refresh'),
};

export const watchCommand: Command = {
  name: 'watch',
  usage: 'watch [--json]',
  summary: `The daemon in the foreground: watch the stores, refresh before expiry, keep links in step.
    One line per event (--json: one JSON object per line). Stops cleanly on SIGINT/SIGTERM.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { json: { type: 'boolean', default: false } },
      strict: true,
    });
    const ctx = await createCliContext(io.env);
    const logger = createFileLogger(ctx.dataDir);
    const keeper = createKeeper(ctx, logger, { watch: true });
    keeper.on(printer(io, values.json, () => ctx.clock.now()));
    // alerts (issue 14): loaded before the first pass, so a restart neither repeats nor loses one
    const alerter = createAlerter(ctx, logger);
    // Signals are handled from the start: a stop during start-up waits for it, then stops cleanly.
    let startup: Promise<void> = Promise.resolve();
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info('watch stopping', { signal });
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        void startup
          .catch(() => undefined)
          .then(() => keeper.stop())
          .then(() => alerter.stop())
          .then(resolve);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    if (!values.json) io.stderr.write(`clawkeeper: watching (log: ${logger.file}); Ctrl-C to stop\n`);
    logger.info('watch started', {
      pid: process.pid,
      alertChannels: ctx.loaded.settings.alerts.channels.length,
    });
    startup = (async () => {
      await alerter.start();
      attachAlerts(keeper, alerter);
      await keeper.start();
    })();
    await startup;
    await stopped;
    if (!values.json) io.stderr.write('clawkeeper: stopped\n');
    return 0;
  },
};

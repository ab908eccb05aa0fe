import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { createAppContext } from '../../compose/context.ts';
import { attachAlerts, createAlerter } from '../../compose/alerts-factory.ts';
import { createKeeper } from '../../compose/keeper-factory.ts';
import type { Io } from '../command.ts';
import { printer } from '../keeper-pass.ts';

/** `clawkeeper watch`: usage and summary live in ../commands.ts. */
export async function runWatch(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const ctx = await createAppContext(io.env);
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
}

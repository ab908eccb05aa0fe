import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { createAppContext } from '../../compose/context.ts';
import { createKeeper } from '../../compose/keeper-factory.ts';
import type { Command } from '../command.ts';
import { printer } from '../keeper-pass.ts';

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
    const ctx = await createAppContext(io.env);
    const logger = createFileLogger(ctx.dataDir);
    const keeper = createKeeper(ctx, logger, { watch: true });
    keeper.on(printer(io, values.json, () => ctx.clock.now()));
    if (!values.json) io.stderr.write(`clawkeeper: watching (log: ${logger.file}); Ctrl-C to stop\n`);
    logger.info('watch started', { pid: process.pid });
    await keeper.start();
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info('watch stopping', { signal });
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        void keeper.stop().then(resolve);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    if (!values.json) io.stderr.write('clawkeeper: stopped\n');
    return 0;
  },
};

import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { channelNames } from '../../core/settings/alert-settings.ts';
import { redact } from '../../core/kernel/redact.ts';
import { UsageError, type Io } from '../command.ts';
import { createAlerter } from '../../compose/alerts-factory.ts';
import { createAppContext } from '../../compose/context.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

/** `clawkeeper alert`: usage and summary live in ../commands.ts. */
export async function runAlert(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [sub, only, ...extra] = positionals;
  if (sub !== 'test')
    throw new UsageError(sub ? `unknown alert command "${sub}"` : 'say `clawkeeper alert test`');
  if (extra.length > 0) throw new UsageError('alert test takes at most one channel name');
  const ctx = await createAppContext(io.env);
  if (ctx.loaded.problem) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
  const names = channelNames(ctx.loaded.settings.alerts.channels);
  if (names.length === 0) {
    io.stderr.write(
      `clawkeeper: no alert channels configured; add "alerts": {"channels": [...]} to ${ctx.loaded.path} (README, "Alerts")\n`,
    );
    return 1;
  }
  if (only !== undefined && !names.includes(only))
    throw new UsageError(`no alert channel named "${redact(only)}"; configured: ${names.join(', ')}`);
  const logger = createFileLogger(ctx.dataDir);
  const results = await createAlerter(ctx, logger).test(only ?? null);
  if (values.json) writeJson(io, OUTPUT.alertTest, { results });
  else {
    const w = Math.max(...results.map((r) => r.name.length));
    for (const r of results)
      io.stdout.write(
        `${r.name.padEnd(w)}  ${r.type.padEnd(9)} ${r.outcome.ok ? 'ok    ' : 'FAILED'}  ${r.outcome.detail}  (${r.target})\n`,
      );
  }
  return results.every((r) => r.outcome.ok) ? 0 : 1;
}

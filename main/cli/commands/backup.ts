import { parseArgs } from 'node:util';
import { restoreBackup } from '../../core/doctor/backup-restore.ts';
import { AppError } from '../../core/kernel/errors.ts';
import { UsageError, type Io } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

/** `clawkeeper backup`: usage and summary live in ../commands.ts. */
export async function runBackup(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [verb, id, ...rest] = positionals;
  const ctx = await createAppContext(io.env);
  if (verb === 'list' && id === undefined) {
    const list = await ctx.writer.backups.list();
    if (values.json) writeJson(io, OUTPUT.backups, { backups: list });
    else if (list.length === 0) io.stdout.write('No backups yet.\n');
    else
      for (const b of list)
        io.stdout.write(
          `${b.id}  ${new Date(b.createdAt).toISOString()}  ${b.protected ? 'protected' : 'rotating '}  ${b.file}  (${b.reason})\n`,
        );
    return 0;
  }
  if (verb === 'restore' && id !== undefined && rest.length === 0) {
    try {
      const r = await restoreBackup(ctx.writer, id);
      const msg = `Restored ${r.file} from backup ${r.id} (${r.reason}); its previous bytes were backed up first.`;
      if (values.json) writeJson(io, OUTPUT.backupRestore, { ok: true, restored: r });
      else io.stdout.write(msg + '\n');
      return 0;
    } catch (e: unknown) {
      if (!(e instanceof AppError)) throw e;
      io.stderr.write(`clawkeeper: ${e.message}\n`);
      return 1;
    }
  }
  throw new UsageError('usage: clawkeeper backup list [--json] | clawkeeper backup restore ID');
}

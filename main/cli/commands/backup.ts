import { parseArgs } from 'node:util';
import { restoreBackup } from '../../core/doctor/backup-restore.ts';
import { AppError } from '../../core/kernel/errors.ts';
import { UsageError, type Command } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';

export const backupCommand: Command = {
  name: 'backup',
  usage: 'backup list [--json] | backup restore ID',
  summary: `Every file Clawkeeper changes is copied first to <data dir>/backups (0700, files 0600).
    list      id, time, file and reason of every backup, oldest first
    restore   put the saved bytes back exactly; the current bytes are backed up first
    Exit codes: 0 ok, 1 no such backup or restore failed, 64 usage error.`,
  async run(args, io) {
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
      if (values.json) io.stdout.write(JSON.stringify(list, null, 2) + '\n');
      else if (list.length === 0) io.stdout.write('No backups yet.\n');
      else
        for (const b of list)
          io.stdout.write(`${b.id}  ${new Date(b.createdAt).toISOString()}  ${b.file}  (${b.reason})\n`);
      return 0;
    }
    if (verb === 'restore' && id !== undefined && rest.length === 0) {
      try {
        const r = await restoreBackup(ctx.writer, id);
        const msg = `Restored ${r.file} from backup ${r.id} (${r.reason}); its previous bytes were backed up first.`;
        if (values.json) io.stdout.write(JSON.stringify({ ok: true, restored: r }, null, 2) + '\n');
        else io.stdout.write(msg + '\n');
        return 0;
      } catch (e: unknown) {
        if (!(e instanceof AppError)) throw e;
        io.stderr.write(`clawkeeper: ${e.message}\n`);
        return 1;
      }
    }
    throw new UsageError('usage: clawkeeper backup list [--json] | clawkeeper backup restore ID');
  },
};

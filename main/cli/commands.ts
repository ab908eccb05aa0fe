import type { Command } from './command.ts';
import { alertCommand } from './commands/alert.ts';
import { backupCommand } from './commands/backup.ts';
import { doctorCommand } from './commands/doctor.ts';
import { refreshCommand, syncCommand, watchCommand } from './commands/keeping.ts';
import { linkCommand } from './commands/link.ts';
import { pasteTokenCommand } from './commands/paste-token.ts';
import { serviceCommand } from './commands/service.ts';
import { statusCommand } from './commands/status.ts';

/** Every `clawkeeper` command, in the order `--help` lists them. One line per command. */
// prettier-ignore
export const COMMANDS: readonly Command[] = [
  statusCommand,
  doctorCommand,
  pasteTokenCommand,
  syncCommand,
  refreshCommand,
  watchCommand,
  linkCommand,
  serviceCommand,
  backupCommand,
  alertCommand,
];

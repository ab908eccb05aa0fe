import type { Command } from './command.ts';
import { alertCommand } from './commands/alert.ts';
import { backupCommand } from './commands/backup.ts';
import { doctorCommand } from './commands/doctor.ts';
import { hostCommand } from './commands/host.ts';
import { linkCommand } from './commands/link.ts';
import { pasteTokenCommand } from './commands/paste-token.ts';
import { refreshCommand } from './commands/refresh.ts';
import { serviceCommand } from './commands/service.ts';
import { statusCommand } from './commands/status.ts';
import { syncCommand } from './commands/sync.ts';
import { watchCommand } from './commands/watch.ts';

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
  hostCommand,
  alertCommand,
];

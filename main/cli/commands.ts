import type { Command } from './command.ts';
import { backupCommand } from './commands/backup.ts';
import { doctorCommand } from './commands/doctor.ts';
import { pasteTokenCommand } from './commands/paste-token.ts';
import { statusCommand } from './commands/status.ts';

/** Every `clawkeeper` command, in the order `--help` lists them. One line per command. */
export const COMMANDS: readonly Command[] = [statusCommand, doctorCommand, pasteTokenCommand, backupCommand];

import type { Command } from './command.ts';
import { refreshCommand, syncCommand, watchCommand } from './commands/keeping.ts';
import { linkCommand } from './commands/link.ts';
import { serviceCommand } from './commands/service.ts';
import { statusCommand } from './commands/status.ts';

/** Every `clawkeeper` command, in the order `--help` lists them. One line per command. */
// prettier-ignore
export const COMMANDS: readonly Command[] = [
  statusCommand, // keep one entry per line (prettier-ignore below keeps merges easy)
  syncCommand,
  refreshCommand,
  watchCommand,
  linkCommand,
  serviceCommand,
];

import type { Command } from '../command.ts';
import { onePass } from '../keeper-pass.ts';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--json]',
  summary: `One pass: refresh Claude Code's login if it is due, copy it into every link, print what happened.
    Exit codes as \`status --check\` after the pass.`,
  run: (args, io) => onePass(args, io, 'sync'),
};

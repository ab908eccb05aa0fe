import type { Command } from '../command.ts';
import { onePass } from '../keeper-pass.ts';

export const refreshCommand: Command = {
  name: 'refresh',
  usage: 'refresh [--force] [--json]',
  summary: `Refresh Claude Code's login now if it is within the lead time (--force: regardless), through
    Claude Code's own lock protocol. Exit 0 done or not due, 1 rejected (log in again) or no login,
    75 temporary failure (try later).`,
  run: (args, io) => onePass(args, io, 'refresh'),
};

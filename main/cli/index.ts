import { toAppError } from '../core/kernel/errors.ts';
import { redact } from '../core/kernel/redact.ts';
import { UsageError, type Io } from './command.ts';
import { COMMANDS } from './commands.ts';
import { completionScript, SHELLS, type Shell } from './completion.ts';

export type { Io } from './command.ts';

export const EXIT = { ok: 0, broken: 1, attention: 2, usage: 64, internal: 70 } as const;

const VERSION = '0.1.0';

function help(): string {
  const lines = [`clawkeeper ${VERSION}: keeps the Claude credentials behind OpenClaw alive`, '', 'Usage:'];
  for (const c of COMMANDS) lines.push(`  clawkeeper ${c.usage}`, `    ${c.summary}`, '');
  lines.push(
    '  clawkeeper help [COMMAND] | clawkeeper COMMAND --help',
    '  clawkeeper completion bash|zsh|fish|powershell',
    '    Print a shell completion script (see README: Install); it completes host, agent, link and backup ids too.',
    '',
    '  clawkeeper --version',
    '',
    'Exit codes: 0 ok, 1 broken, 2 attention (both as `openclaw models status --check`), 64 usage error, 70 internal error.',
    'Environment: HOME, CLAUDE_CONFIG_DIR, CLAUDE_SECURESTORAGE_CONFIG_DIR, OPENCLAW_STATE_DIR,',
    '  OPENCLAW_CONFIG_PATH, OPENCLAW_AGENT_DIR, CLAWDBOT_STATE_DIR, MOLTBOT_STATE_DIR, CLAWKEEPER_CONFIG,',
    '  CLAWKEEPER_DATA_DIR, CLAWKEEPER_OPENCLAW_BIN, NO_COLOR,',
    '  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (the token refresh, --probe, --verify and alerts go through them).',
  );
  return lines.join('\n') + '\n';
}

/** One command's help: its usage line and what it does. */
function commandHelp(name: string): string {
  const c = COMMANDS.find((x) => x.name === name);
  if (c === undefined) throw new UsageError(`unknown command "${name}"`);
  return `Usage: clawkeeper ${c.usage}\n\n    ${c.summary}\n`;
}

const wantsHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Runs one CLI invocation and returns its exit code. Never throws; never prints a token. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      io.stdout.write(help());
      return EXIT.ok;
    }
    if (name === 'help') {
      io.stdout.write(rest[0] === undefined ? help() : commandHelp(rest[0]));
      return EXIT.ok;
    }
    if (name === 'completion') {
      const shell = rest[0];
      if (wantsHelp(rest) || shell === undefined) {
        io[shell === undefined && !wantsHelp(rest) ? 'stderr' : 'stdout'].write(
          'Usage: clawkeeper completion bash|zsh|fish|powershell\n',
        );
        return shell === undefined && !wantsHelp(rest) ? EXIT.usage : EXIT.ok;
      }
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(`no completion for "${shell}": bash, zsh, fish or powershell`);
      io.stdout.write(completionScript(shell as Shell, COMMANDS));
      return EXIT.ok;
    }
    // what completion scripts call for ids (not in --help: people never type it)
    if (name === '__complete') return await (await import('./complete-ids.ts')).runComplete(rest, io);
    if (name === '--version' || name === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (wantsHelp(rest)) {
      io.stdout.write(commandHelp(command.name));
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (e: unknown) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`clawkeeper: ${redact((e as Error).message)}\nRun \`clawkeeper --help\` for usage.\n`);
      return EXIT.usage;
    }
    const err = toAppError(e);
    io.stderr.write(`clawkeeper: ${redact(err.message)}\n`);
    return EXIT.internal;
  }
}

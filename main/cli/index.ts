import { toAppError } from '../core/kernel/errors.ts';
import { redact } from '../core/kernel/redact.ts';
import { UsageError, type Io } from './command.ts';
import { COMMANDS } from './commands.ts';

export type { Io } from './command.ts';

export const EXIT = { ok: 0, broken: 1, attention: 2, usage: 64, internal: 70 } as const;

const VERSION = '0.1.0';

function help(): string {
  const lines = [`clawkeeper ${VERSION}: keeps the Claude credentials behind OpenClaw alive`, '', 'Usage:'];
  for (const c of COMMANDS) lines.push(`  clawkeeper ${c.usage}`, `    ${c.summary}`, '');
  lines.push(
    '  clawkeeper help | --help',
    '  clawkeeper --version',
    '',
    'Exit codes: 0 ok, 1 broken, 2 attention (both as `openclaw models status --check`), 64 usage error, 70 internal error.',
    'Environment: HOME, CLAUDE_CONFIG_DIR, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH, OPENCLAW_AGENT_DIR,',
    '  CLAWDBOT_STATE_DIR, MOLTBOT_STATE_DIR, CLAWKEEPER_CONFIG, CLAWKEEPER_DATA_DIR, CLAWKEEPER_OPENCLAW_BIN, NO_COLOR.',
  );
  return lines.join('\n') + '\n';
}

/** Runs one CLI invocation and returns its exit code. Never throws; never prints a token. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout.write(help());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
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

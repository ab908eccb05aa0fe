import { parseArgs } from 'node:util';
import { toAppError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { createCliContext } from './context.ts';
import { renderStatus } from './render-status.ts';
import { buildStatus } from './status-command.ts';

export const EXIT = { ok: 0, broken: 1, attention: 2, usage: 64, internal: 70 } as const;

const VERSION = '0.1.0';

const HELP = `clawkeeper ${VERSION}: keeps the Claude credentials behind OpenClaw alive

Usage:
  clawkeeper status [--json] [--check] [--agent ID]
      Find every Claude Code login and OpenClaw profile on this machine and judge its health.
      --json    one JSON object (schema clawkeeper.status/1), no token values
      --check   exit 0 when all ok, 2 when something is expiring or a stale copy,
                1 when something is expired, missing, needs re-auth, misconfigured or unreadable
      --agent   only this OpenClaw agent
  clawkeeper help | --help
  clawkeeper --version

Exit codes: 0 ok, 1 broken (with --check), 2 attention (with --check), 64 usage error, 70 internal error.
Environment: HOME, CLAUDE_CONFIG_DIR, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH, OPENCLAW_AGENT_DIR,
  CLAWDBOT_STATE_DIR, MOLTBOT_STATE_DIR, CLAWKEEPER_CONFIG, CLAWKEEPER_OPENCLAW_BIN, NO_COLOR.
`;

export interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

/** Runs one CLI invocation and returns its exit code. Never throws; never prints a token. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(HELP);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (command === 'status') return await statusCommand(rest, io);
    throw new UsageError(`unknown command "${command}"`);
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

async function statusCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      agent: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const ctx = await createCliContext(io.env);
  const report = await buildStatus(ctx, values.agent ? { agent: values.agent } : {});
  if (ctx.loaded.problem && !values.json) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
  if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else
    io.stdout.write(
      renderStatus(report, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }, ctx.clock.now()),
    );
  return values.check ? report.exitCode : EXIT.ok;
}

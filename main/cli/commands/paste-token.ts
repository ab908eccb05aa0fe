import { parseArgs } from 'node:util';
import { AppError } from '../../core/kernel/errors.ts';
import { redact } from '../../core/kernel/redact.ts';
import { Secret } from '../../core/kernel/secret.ts';
import type { PasteRequest, PasteResult } from '../../core/contracts.ts';
import { intakeToken, parseExpiresIn } from '../../core/setup-token/validate-token.ts';
import { UsageError, type Io } from '../command.ts';
import { createAppContext, createPasteService, recordSightings } from '../../compose/context.ts';
import { promptHidden, readPiped } from '../read-secret.ts';
import { pasteToHost } from './paste-token-host.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

const NO_ARGV =
  'paste-token never takes the token on the command line (it would end up in your shell history and in `ps`): ' +
  'pipe it (`pbpaste | clawkeeper paste-token`) or run `clawkeeper paste-token` and paste at the hidden prompt';

/** Refuses a token passed as an argument, without echoing it. */
function refuseSecretArgs(args: readonly string[]): void {
  for (const a of args)
    if (/sk-ant-|#/.test(a) || /^--?(token|key|api-key|secret|setup-token)(=|$)/i.test(a))
      throw new UsageError(NO_ARGV);
}

async function readToken(io: Io): Promise<string | null> {
  const stdin = io.stdin;
  if (!stdin) throw new UsageError('no standard input to read the token from; ' + NO_ARGV);
  if (stdin.isTTY)
    return promptHidden(stdin, io.stderr, 'Paste the token `claude setup-token` printed (input hidden): ');
  return readPiped(stdin);
}

function render(r: PasteResult, now: number): string {
  const expiry =
    r.expiresAt === null
      ? 'no expiry recorded'
      : `expires ${new Date(r.expiresAt).toISOString().slice(0, 10)} (in ${Math.round((r.expiresAt - now) / 86_400_000)} d)`;
  const lines = [`Stored ${r.masked} (${r.fingerprint}), ${expiry}.`];
  if (r.verify) lines.push(`Live check: ${r.verify}.`);
  for (const t of r.targets) {
    const extra = [t.backupId ? `backup ${t.backupId}` : null, t.configChanged ? 'config updated' : null]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${t.install} / ${t.agent}: ${t.profileId} → ${t.location} (via ${t.via}${extra ? `; ${extra}` : ''})`,
    );
  }
  lines.push(
    r.vault === 'stored'
      ? '  Clawkeeper vault: a copy is in the OS keychain (service Clawkeeper).'
      : '  Clawkeeper vault: not stored.',
  );
  for (const n of r.notes) lines.push(n);
  return lines.join('\n') + '\n';
}

/** `clawkeeper paste-token`: usage and summary live in ../commands.ts. */
export async function runPasteToken(args: string[], io: Io): Promise<number> {
  refuseSecretArgs(args);
  const { values, positionals } = parseArgs({
    args,
    options: {
      install: { type: 'string' },
      agent: { type: 'string', multiple: true },
      'profile-id': { type: 'string' },
      'expires-in': { type: 'string', default: '365d' },
      verify: { type: 'boolean', default: false },
      'as-api-key': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      host: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      'no-reload': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(NO_ARGV);
  if (values.host !== undefined || values.tag?.length) {
    if (values.install || values.verify || values['as-api-key'])
      throw new UsageError(
        '--host and --tag take --agent, --profile-id, --expires-in, --dry-run, --no-reload and --json',
      );
    return pasteToHost(
      {
        host: values.host ?? null,
        tags: values.tag ?? [],
        agents: values.agent ?? [],
        profileId: values['profile-id'] ?? null,
        expiresIn: values['expires-in'],
        dryRun: values['dry-run'],
        reload: !values['no-reload'],
        json: values.json,
        readToken: () => readToken(io),
      },
      io,
    );
  }
  if (values['dry-run'] || values['no-reload'])
    throw new UsageError('--dry-run and --no-reload go with --host or --tag');
  const days = parseExpiresIn(values['expires-in']);
  if (days === undefined)
    throw new UsageError('--expires-in takes a number of days or hours (365d, 12h) or never');
  const asApiKey = values['as-api-key'];
  const raw = await readToken(io);
  const fail = (message: string, extra: object = {}) => {
    if (values.json) writeJson(io, OUTPUT.pasteToken, { ok: false, error: message, ...extra });
    io.stderr.write(`clawkeeper: ${redact(message)}\n`);
    return 1;
  };
  if (raw === null) return fail('cancelled; nothing was stored');
  const { verdict } = intakeToken(raw, { asApiKey });
  if (!verdict.ok) return fail(`refused: ${verdict.message}`, { verdict });
  const ctx = await createAppContext(io.env);
  const service = createPasteService(ctx);
  const req: PasteRequest = {
    token: new Secret(raw),
    expiresInDays: days,
    verify: values.verify,
    asApiKey,
    ...(values.install ? { install: values.install } : {}),
    ...(values.agent?.length ? { agents: values.agent } : {}),
    ...(values['profile-id'] ? { profileId: values['profile-id'] } : {}),
  };
  try {
    await recordSightings(ctx).catch(() => undefined);
    const result = await service.paste(req);
    await recordSightings(ctx).catch(() => undefined);
    if (values.json) writeJson(io, OUTPUT.pasteToken, { ok: true, verdict, ...result });
    else io.stdout.write(render(result, ctx.clock.now()));
    return 0;
  } catch (e: unknown) {
    if (e instanceof AppError) return fail(e.message);
    throw e;
  }
}

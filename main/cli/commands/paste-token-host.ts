/**
 * `paste-token --host NAME`: the token goes over ssh on stdin to the remote's own
 * `clawkeeper paste-token` (or `openclaw models auth paste-token`), never in an argument on
 * either side; then the gateway there reloads. `--dry-run` shows every command first.
 */
import { AppError } from '../../core/kernel/errors.ts';
import { findHost } from '../../core/hosts/host-settings.ts';
import type { RemoteTool } from '../../core/hosts/remote-plan.ts';
import { redact } from '../../core/kernel/redact.ts';
import { intakeToken } from '../../core/setup-token/validate-token.ts';
import { createRemoteHosts } from '../../compose/remote-hosts.ts';
import type { Io } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';
import { renderPlans, renderResults } from '../render-hosts.ts';

export interface HostPasteArgs {
  readonly host: string;
  readonly agents: readonly string[];
  readonly profileId: string | null;
  readonly expiresIn: string;
  readonly dryRun: boolean;
  readonly reload: boolean;
  readonly json: boolean;
  readonly readToken: () => Promise<string | null>;
}

export async function pasteToHost(a: HostPasteArgs, io: Io): Promise<number> {
  const ctx = await createAppContext(io.env);
  const remote = createRemoteHosts(ctx);
  const host = findHost(remote.config, a.host);
  const out = (o: object) => io.stdout.write(JSON.stringify(o, null, 2) + '\n');
  const fail = (message: string, hint?: string | null) => {
    if (a.json) out({ ok: false, host: host.name, error: redact(message), hint: hint ?? null });
    io.stderr.write(`clawkeeper: ${redact(message)}\n${hint ? `  → ${redact(hint)}\n` : ''}`);
    return 1;
  };
  let via: RemoteTool;
  try {
    via = (await remote.hosts.via(host)).via;
  } catch (e: unknown) {
    if (e instanceof AppError) return fail(e.message);
    throw e;
  }
  const calls = remote.hosts.pastePlans(
    host,
    via,
    { agents: a.agents, profileId: a.profileId, expiresIn: a.expiresIn },
    a.reload,
  );
  if (a.dryRun) {
    if (a.json)
      out({
        ok: true,
        dryRun: true,
        host: host.name,
        via,
        calls: calls.map((c) => ({ shown: c.plan.shown, argv: c.argv, stdin: c.plan.stdin })),
      });
    else
      io.stdout.write(
        `Would run (nothing runs with --dry-run; the token goes on stdin only):\n${renderPlans(calls)}`,
      );
    return 0;
  }
  const raw = await a.readToken();
  if (raw === null) return fail('cancelled; nothing was sent');
  const { verdict, token } = intakeToken(raw, { asApiKey: false });
  if (!verdict.ok || !token) return fail(`refused: ${verdict.message}`);
  if (!a.json) io.stdout.write(`Running on ${host.name} (token on stdin):\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, token);
  const pasted = results[0]?.ok === true;
  if (a.json)
    out({
      ok: results.every((r) => r.ok),
      host: host.name,
      via,
      fingerprint: token.fingerprint,
      masked: token.masked,
      results: results.map((r) => ({
        shown: r.plan.shown,
        ok: r.ok,
        code: r.code,
        error: r.error,
        hint: r.hint,
        output: r.stdout.replace(/^@@clawkeeper.*\n?/gm, '').slice(0, 4000),
      })),
    });
  else {
    io.stdout.write(renderResults(results));
    if (pasted) io.stdout.write(`Stored ${token.masked} (${token.fingerprint}) on ${host.name}.\n`);
    if (pasted && results.length > 1 && !results[1]?.ok)
      io.stdout.write(
        `The token is stored, but the gateway on ${host.name} did not reload; restart it there (openclaw gateway restart).\n`,
      );
  }
  return pasted ? 0 : 1;
}

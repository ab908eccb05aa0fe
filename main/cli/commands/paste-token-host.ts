/**
 * `paste-token --host NAME` (or `--tag T`: every host carrying it): the token goes over ssh on
 * stdin to the remote's own `clawkeeper paste-token` (or `openclaw models auth paste-token`),
 * never in an argument on either side; then the gateway there reloads. `--dry-run` shows every
 * command first. With `--tag` the token is read once and the hosts are done together (the pool
 * bounds them), each host's output printed whole as it finishes.
 */
import { AppError } from '../../core/kernel/errors.ts';
import type { Host } from '../../core/hosts/host-settings.ts';
import type { RemoteTool } from '../../core/hosts/host-plan.ts';
import type { Secret } from '../../core/kernel/secret.ts';
import { redact } from '../../core/kernel/redact.ts';
import { remotePasteProfile } from '../../core/hosts/host-routes.ts';
import { intakeToken } from '../../core/setup-token/validate-token.ts';
import { createHostServices, type HostServices } from '../../compose/host-services.ts';
import { UsageError, type Io } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';
import { renderPlans, renderResults } from '../render-hosts.ts';
import { OUTPUT, writeJson, writeJsonLine } from '../json-output.ts';
import { eachHost, selectHosts } from './host-select.ts';

export interface HostPasteArgs {
  /** `--host NAME`, or null for `--tag` */
  readonly host: string | null;
  readonly tags: readonly string[];
  readonly agents: readonly string[];
  readonly profileId: string | null;
  readonly expiresIn: string;
  readonly dryRun: boolean;
  readonly reload: boolean;
  readonly json: boolean;
  readonly readToken: () => Promise<string | null>;
}

/** Where one host's paste reports: its text, its errors, its JSON object. */
interface Sink {
  text(s: string): void;
  error(s: string): void;
  json(o: object): void;
}

type TokenFor = () => Promise<Secret | string>;

const errorText = (message: string, hint?: string | null) =>
  `clawkeeper: ${redact(message)}\n${hint ? `  → ${redact(hint)}\n` : ''}`;

/** One host: which tool answers, the plan, then (unless a dry run) the token and the calls. */
async function pasteOne(
  remote: HostServices,
  host: Host,
  a: HostPasteArgs,
  tokenFor: TokenFor,
  sink: Sink,
): Promise<number> {
  const fail = (message: string, hint?: string | null) => {
    if (a.json) sink.json({ ok: false, host: host.name, error: redact(message), hint: hint ?? null });
    sink.error(errorText(message, hint));
    return 1;
  };
  let via: RemoteTool;
  try {
    via = (await remote.hosts.via(host)).via;
  } catch (e: unknown) {
    if (e instanceof AppError) return fail(e.message);
    throw e;
  }
  // the remote's own clawkeeper follows its gateway by itself; through bare openclaw, ask it first
  // which token slot its gateway sends (its models status), so the paste lands there
  let profileId = a.profileId;
  if (via === 'openclaw' && profileId === null) {
    const part = await remote.hosts.status(host).catch(() => null);
    profileId = part ? remotePasteProfile(part.routes, part.credentials, a.agents[0] ?? 'main') : null;
  }
  const calls = remote.hosts.pastePlans(
    host,
    via,
    { agents: a.agents, profileId, expiresIn: a.expiresIn },
    a.reload,
  );
  if (a.dryRun) {
    if (a.json)
      sink.json({
        ok: true,
        dryRun: true,
        host: host.name,
        via,
        calls: calls.map((c) => ({ shown: c.plan.shown, argv: c.argv, stdin: c.plan.stdin })),
      });
    else
      sink.text(
        `Would run (nothing runs with --dry-run; the token goes on stdin only):\n${renderPlans(calls)}`,
      );
    return 0;
  }
  const token = await tokenFor();
  if (typeof token === 'string') return fail(token);
  if (!a.json) sink.text(`Running on ${host.name} (token on stdin):\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, token);
  const pasted = results[0]?.ok === true;
  if (a.json)
    sink.json({
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
    sink.text(renderResults(results));
    if (pasted) sink.text(`Stored ${token.masked} (${token.fingerprint}) on ${host.name}.\n`);
    if (pasted && results.length > 1 && !results[1]?.ok)
      sink.text(
        `The token is stored, but the gateway on ${host.name} did not reload; restart it there (openclaw gateway restart).\n`,
      );
  }
  return pasted ? 0 : 1;
}

/** The token from stdin or the prompt, checked; a string says why there is none. */
async function intake(a: HostPasteArgs): Promise<Secret | string> {
  const raw = await a.readToken();
  if (raw === null) return 'cancelled; nothing was sent';
  const { verdict, token } = intakeToken(raw, { asApiKey: false });
  return verdict.ok && token ? token : `refused: ${verdict.message}`;
}

export async function pasteToHost(a: HostPasteArgs, io: Io): Promise<number> {
  const ctx = await createAppContext(io.env);
  const remote = createHostServices(ctx);
  let hosts: Host[];
  try {
    hosts = selectHosts(remote.config, a.host ?? undefined, a.tags, 'paste-token --host NAME | --tag T…');
  } catch (e: unknown) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === 'invalid-argument') throw new UsageError(e.message);
    if (a.json) writeJson(io, OUTPUT.pasteToken, { ok: false, error: redact(e.message), hint: null });
    io.stderr.write(errorText(e.message));
    return 1;
  }
  const only = a.host !== null ? hosts[0] : undefined;
  if (only)
    return pasteOne(remote, only, a, () => intake(a), {
      text: (s) => io.stdout.write(s),
      error: (s) => io.stderr.write(s),
      json: (o) => writeJson(io, OUTPUT.pasteToken, o),
    });
  // several hosts: one token for all, read before the first call; a refused one sends nothing
  let token: Secret | string = '';
  if (!a.dryRun) {
    token = await intake(a);
    if (typeof token === 'string') {
      if (a.json) writeJson(io, OUTPUT.pasteToken, { ok: false, error: token, hint: null });
      io.stderr.write(errorText(token));
      return 1;
    }
  }
  const tokenFor = () => Promise.resolve(token);
  if (!a.json)
    return eachHost(hosts, io, (host, out) =>
      pasteOne(remote, host, a, tokenFor, {
        text: (s) => out.write(s),
        error: (s) => out.write(s),
        json: () => undefined,
      }),
    );
  // --json: one clawkeeper.paste-token/1 line per host, as each finishes
  const codes = await Promise.all(
    hosts.map((host) =>
      pasteOne(remote, host, a, tokenFor, {
        text: () => undefined,
        error: (s) => io.stderr.write(s.replace(/^clawkeeper: /, `clawkeeper: ${host.name}: `)),
        json: (o) => writeJsonLine(io, OUTPUT.pasteToken, o),
      }),
    ),
  );
  return codes.some((c) => c !== 0) ? 1 : 0;
}

/**
 * The `host` commands that act on a host: its doctor, the service install and the login copy.
 * Each takes a NAME or `--tag T` (every host carrying it; their output printed host by host) and
 * shows the exact commands before anything runs.
 */
import { parseArgs } from 'node:util';
import { hostAddCommand, setCopyLogin, type Host } from '../../core/hosts/host-settings.ts';
import { COPY_WARNING, loginCopy } from '../../core/hosts/login-copy.ts';
import { checkAgentId, checkProfileId } from '../../core/hosts/host-plan.ts';
import { discover } from '../../core/discovery/discovery.ts';
import { primaryLogin } from '../../core/discovery/inventory.ts';
import { redact } from '../../core/kernel/redact.ts';
import { updateSettings } from '../../core/settings/settings.ts';
import { settingsPath } from '../../core/kernel/paths.ts';
import { createHostServices, type HostServices } from '../../compose/host-services.ts';
import { UsageError, type Io } from '../command.ts';
import { createAppContext } from '../../compose/context.ts';
import { renderPlans, renderResults } from '../render-hosts.ts';
import { NodeWritableFiles } from '../../adapters/node/node-writable-files.ts';
import { eachHost, selectHosts, TAG_OPTION } from './host-select.ts';

type Out = { write(s: string): void };

function failTo(io: Io, out: Out, message: string, hint?: string | null): number {
  // one host: the error on stderr as before; several: inside that host's block
  const text = `clawkeeper: ${redact(message)}\n${hint ? `  → ${redact(hint)}\n` : ''}`;
  if (out === io.stdout) io.stderr.write(text);
  else out.write(text);
  return 1;
}

async function setup(io: Io, name: string | undefined, tags: string[] | undefined, usage: string) {
  const ctx = await createAppContext(io.env);
  const remote = createHostServices(ctx);
  return { ctx, remote, hosts: selectHosts(remote.config, name, tags, usage) };
}

export async function hostDoctor(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      fix: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      ...TAG_OPTION,
    },
    strict: true,
    allowPositionals: true,
  });
  const usage = 'host doctor NAME | --tag T [--fix] [--dry-run]';
  if (positionals.length > 1) throw new UsageError(usage);
  const { remote, hosts } = await setup(io, positionals[0], values.tag, usage);
  return eachHost(hosts, io, async (host, out) => {
    const { via } = await remote.hosts.via(host);
    const calls = remote.hosts.doctorPlans(host, via, values.fix);
    if (values['dry-run']) {
      out.write(`Would run (nothing runs with --dry-run):\n${renderPlans(calls)}`);
      return 0;
    }
    out.write(`Running:\n${renderPlans(calls)}`);
    const results = await remote.hosts.execute(host, calls, null);
    out.write(renderResults(results));
    if (!values.fix && results.every((r) => r.ok))
      out.write(
        `To apply: clawkeeper host doctor ${host.name} --fix (add --dry-run to see the command first)\n`,
      );
    return results.every((r) => r.ok) ? 0 : 1;
  });
}

export async function hostInstallService(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean', default: false }, ...TAG_OPTION },
    strict: true,
    allowPositionals: true,
  });
  const usage = 'host install-service NAME | --tag T [--dry-run]';
  if (positionals.length > 1) throw new UsageError(usage);
  const { remote, hosts } = await setup(io, positionals[0], values.tag, usage);
  return eachHost(hosts, io, (host, out) => installOne(io, out, remote, host, values['dry-run']));
}

async function installOne(io: Io, out: Out, remote: HostServices, host: Host, dryRun: boolean) {
  const calls = remote.hosts.servicePlans(host);
  if (dryRun) {
    out.write(`Would run (nothing runs with --dry-run):\n${renderPlans(calls)}`);
    return 0;
  }
  const name = host.name;
  if (host.exec)
    out.write(
      `Note: ${name} is a container; a service installed inside it lasts only as long as the container, and most containers have no systemd. Run \`clawkeeper watch\` as the container's command instead.\n`,
    );
  const probe = await remote.hosts.probe(host);
  if (!probe.node)
    return failTo(
      io,
      out,
      `${name} has no Node.js (node --version failed there); the daemon needs Node >= 20.19`,
      `install Node on ${name}, then clawkeeper there, then run this again`,
    );
  if (!probe.clawkeeper)
    return failTo(
      io,
      out,
      `${name} has Node ${probe.node} but no clawkeeper on its non-interactive PATH`,
      `install clawkeeper on ${name} (or name it: clawkeeper host remove ${name}, then ${hostAddCommand(host)} --clawkeeper /path), then run this again`,
    );
  out.write(`Running:\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, null);
  out.write(renderResults(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

export async function hostCopy(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      agent: { type: 'string' },
      'profile-id': { type: 'string' },
      keep: { type: 'boolean', default: false },
      stop: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      ...TAG_OPTION,
    },
    strict: true,
    allowPositionals: true,
  });
  const usage = 'host copy NAME | --tag T [--agent ID] [--profile-id ID] [--keep | --stop] [--dry-run]';
  if (positionals.length > 1) throw new UsageError(usage);
  const target = { agent: values.agent ?? null, profileId: values['profile-id'] ?? null };
  if (target.agent) checkAgentId(target.agent);
  if (target.profileId) checkProfileId(target.profileId);
  const { ctx, remote, hosts } = await setup(io, positionals[0], values.tag, usage);
  const path = settingsPath(ctx.env);
  if (values.stop) {
    await updateSettings(
      new NodeWritableFiles(),
      path,
      (raw) => {
        for (const h of hosts) setCopyLogin(raw, h.name, null);
      },
      ctx.trust,
    );
    io.stdout.write(
      `${hosts.map((h) => h.name).join(', ')} no longer get${hosts.length === 1 ? 's' : ''} copies of this machine's login.\n`,
    );
    return 0;
  }
  io.stderr.write(
    `Note: ${COPY_WARNING.replace('NAME', hosts.length === 1 ? (hosts[0]?.name ?? 'NAME') : 'NAME')}\n`,
  );
  const c = loginCopy(primaryLogin(await discover(ctx.deps)), ctx.clock.now(), target);
  const kept: string[] = [];
  const code = await eachHost(hosts, io, async (host, out) => {
    const { via } = await remote.hosts.via(host);
    const calls = remote.hosts.pastePlans(host, via, c.options, true);
    if (values['dry-run']) {
      out.write(
        `Would run (nothing runs with --dry-run; the access token goes on stdin only, never the refresh token):\n${renderPlans(calls)}`,
      );
      return 0;
    }
    out.write(`Copying the access token (${c.fingerprint}) to ${host.name}:\n${renderPlans(calls)}`);
    const results = await remote.hosts.execute(host, calls, c.token);
    out.write(renderResults(results));
    if (!results[0]?.ok) return 1;
    kept.push(host.name);
    return 0;
  });
  if (values.keep && !values['dry-run'] && kept.length > 0) {
    await updateSettings(
      new NodeWritableFiles(),
      path,
      (raw) => {
        for (const n of kept) setCopyLogin(raw, n, target);
      },
      ctx.trust,
    );
    io.stdout.write(
      `The tray app and \`clawkeeper watch\` re-send it after each refresh while this machine is awake (stop: clawkeeper host copy ${kept.length === 1 ? kept[0] : (values.tag ?? []).map((t) => `--tag ${t}`).join(' ')} --stop).\n`,
    );
  }
  return code;
}

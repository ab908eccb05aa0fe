import { parseArgs } from 'node:util';
import { validateDestination } from '../../adapters/ssh/ssh-command.ts';
import { AppError, toAppError } from '../../core/kernel/errors.ts';
import {
  addHostTo,
  checkHostName,
  checkRemotePath,
  findHost,
  HostSchema,
  LOCAL_HOST,
  readHostsConfig,
  removeHostFrom,
  setCopyLogin,
} from '../../core/hosts/host-settings.ts';
import { COPY_WARNING, loginCopy } from '../../core/hosts/login-copy.ts';
import { checkAgentId, checkProfileId } from '../../core/hosts/remote-plan.ts';
import { discover } from '../../core/discovery/discovery.ts';
import { primaryLogin } from '../../core/discovery/inventory.ts';
import { localPart, mergeHosts, type HostPart } from '../../core/hosts/hosts-report.ts';
import { redact } from '../../core/kernel/redact.ts';
import { updateSettings } from '../../core/settings/settings.ts';
import { settingsPath } from '../../core/kernel/paths.ts';
import { createRemoteHosts } from '../../compose/remote-hosts.ts';
import { UsageError, type Io } from '../command.ts';
import { HOST_USAGE } from '../commands.ts';
import { createAppContext } from '../../compose/context.ts';
import { renderHosts, renderPlans, renderResults } from '../render-hosts.ts';
import { buildStatus } from './status.ts';
import { NodeWritableFiles } from '../../adapters/node/node-writable-files.ts';

function fail(io: Io, message: string, hint?: string | null): number {
  io.stderr.write(`clawkeeper: ${redact(message)}\n${hint ? `  → ${redact(hint)}\n` : ''}`);
  return 1;
}

async function add(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { clawkeeper: { type: 'string' }, openclaw: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [name, destination, ...extra] = positionals;
  if (!name || !destination || extra.length)
    throw new UsageError('host add NAME DESTINATION (e.g. host add vps ada@vps.example.com)');
  try {
    checkHostName(name);
  } catch (e: unknown) {
    throw new UsageError(toAppError(e).message);
  }
  const bad = validateDestination(destination);
  if (bad)
    throw new UsageError(
      `"${destination.slice(0, 60)}" is not an ssh destination: ${bad} (user@server, ssh://user@server:port or an ssh_config alias)`,
    );
  if (values.clawkeeper) checkRemotePath('--clawkeeper', values.clawkeeper);
  if (values.openclaw) checkRemotePath('--openclaw', values.openclaw);
  const host = HostSchema.parse({
    name,
    destination,
    clawkeeperBin: values.clawkeeper ?? null,
    openclawBin: values.openclaw ?? null,
  });
  const ctx = await createAppContext(io.env);
  await updateSettings(new NodeWritableFiles(), settingsPath(ctx.env), (raw) => addHostTo(raw, host));
  io.stdout.write(`Added ${name} (${destination}). Check it: clawkeeper host status ${name}\n`);
  return 0;
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const ctx = await createAppContext(io.env);
  const config = readHostsConfig(ctx.loaded.settings);
  if (config.problem) io.stderr.write(`clawkeeper: ${config.problem}\n`);
  if (values.json) io.stdout.write(JSON.stringify({ hosts: config.hosts }, null, 2) + '\n');
  else if (config.hosts.length === 0)
    io.stdout.write('No hosts yet. Add one: clawkeeper host add NAME user@server\n');
  else for (const h of config.hosts) io.stdout.write(`${h.name}\t${h.destination}\n`);
  return 0;
}

async function remove(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  const [name] = positionals;
  if (!name || positionals.length > 1) throw new UsageError('host remove NAME');
  const ctx = await createAppContext(io.env);
  const { transport, config } = createRemoteHosts(ctx);
  const known = config.hosts.find((h) => h.name === name);
  let removed = false;
  await updateSettings(new NodeWritableFiles(), settingsPath(ctx.env), (raw) => {
    removed = removeHostFrom(raw, name);
  });
  if (!removed) return fail(io, `no host named "${name.slice(0, 40)}"`, 'clawkeeper host list');
  if (known) await transport.close(known.destination);
  io.stdout.write(`Removed ${name}.\n`);
  return 0;
}

async function status(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError('host status [NAME] [--json] [--check]');
  const ctx = await createAppContext(io.env);
  const remote = createRemoteHosts(ctx);
  const name = positionals[0];
  const started = Date.now();
  // this machine and every host at once: a slow or unreachable host never holds up the others
  const local =
    name === undefined || name === LOCAL_HOST
      ? buildStatus(ctx).then((r) => localPart(r.report, Date.now() - started))
      : null;
  const targets =
    name === undefined ? remote.config.hosts : name === LOCAL_HOST ? [] : [findHost(remote.config, name)];
  const parts: HostPart[] = await Promise.all([
    ...(local ? [local] : []),
    ...targets.map((h) => remote.hosts.status(h)),
  ]);
  const notes = remote.config.problem ? [remote.config.problem] : [];
  const report = mergeHosts(parts, ctx.clock.now(), notes);
  if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else
    io.stdout.write(
      renderHosts(report, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }, ctx.clock.now()),
    );
  return values.check ? report.exitCode : 0;
}

async function doctor(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { fix: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [name] = positionals;
  if (!name || positionals.length > 1) throw new UsageError('host doctor NAME [--fix] [--dry-run]');
  const ctx = await createAppContext(io.env);
  const remote = createRemoteHosts(ctx);
  const host = findHost(remote.config, name);
  const { via } = await remote.hosts.via(host);
  const calls = remote.hosts.doctorPlans(host, via, values.fix);
  if (values['dry-run']) {
    io.stdout.write(`Would run (nothing runs with --dry-run):\n${renderPlans(calls)}`);
    return 0;
  }
  io.stdout.write(`Running:\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, null);
  io.stdout.write(renderResults(results));
  if (!values.fix && results.every((r) => r.ok))
    io.stdout.write(
      `To apply: clawkeeper host doctor ${name} --fix (add --dry-run to see the command first)\n`,
    );
  return results.every((r) => r.ok) ? 0 : 1;
}

async function installService(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [name] = positionals;
  if (!name || positionals.length > 1) throw new UsageError('host install-service NAME [--dry-run]');
  const ctx = await createAppContext(io.env);
  const remote = createRemoteHosts(ctx);
  const host = findHost(remote.config, name);
  const calls = remote.hosts.servicePlans(host);
  if (values['dry-run']) {
    io.stdout.write(`Would run (nothing runs with --dry-run):\n${renderPlans(calls)}`);
    return 0;
  }
  const probe = await remote.hosts.probe(host);
  if (!probe.node)
    return fail(
      io,
      `${name} has no Node.js (node --version failed there); the daemon needs Node >= 20.19`,
      `install Node on ${name}, then clawkeeper there, then run this again`,
    );
  if (!probe.clawkeeper)
    return fail(
      io,
      `${name} has Node ${probe.node} but no clawkeeper on its non-interactive PATH`,
      `install clawkeeper on ${name} (or name it: clawkeeper host add ${name} ${host.destination} --clawkeeper /path), then run this again`,
    );
  io.stdout.write(`Running:\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, null);
  io.stdout.write(renderResults(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

async function copy(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      agent: { type: 'string' },
      'profile-id': { type: 'string' },
      keep: { type: 'boolean', default: false },
      stop: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [name] = positionals;
  if (!name || positionals.length > 1)
    throw new UsageError('host copy NAME [--agent ID] [--profile-id ID] [--keep | --stop] [--dry-run]');
  const target = { agent: values.agent ?? null, profileId: values['profile-id'] ?? null };
  if (target.agent) checkAgentId(target.agent);
  if (target.profileId) checkProfileId(target.profileId);
  const ctx = await createAppContext(io.env);
  const remote = createRemoteHosts(ctx);
  const host = findHost(remote.config, name);
  const path = settingsPath(ctx.env);
  if (values.stop) {
    await updateSettings(new NodeWritableFiles(), path, (raw) => void setCopyLogin(raw, name, null));
    io.stdout.write(`${name} no longer gets copies of this machine's login.\n`);
    return 0;
  }
  io.stderr.write(`Note: ${COPY_WARNING.replace('NAME', name)}\n`);
  const c = loginCopy(primaryLogin(await discover(ctx.deps)), ctx.clock.now(), target);
  const { via } = await remote.hosts.via(host);
  const calls = remote.hosts.pastePlans(host, via, c.options, true);
  if (values['dry-run']) {
    io.stdout.write(
      `Would run (nothing runs with --dry-run; the access token goes on stdin only, never the refresh token):\n${renderPlans(calls)}`,
    );
    return 0;
  }
  io.stdout.write(`Copying the access token (${c.fingerprint}) to ${name}:\n${renderPlans(calls)}`);
  const results = await remote.hosts.execute(host, calls, c.token);
  io.stdout.write(renderResults(results));
  if (!results[0]?.ok) return 1;
  if (values.keep) {
    await updateSettings(new NodeWritableFiles(), path, (raw) => void setCopyLogin(raw, name, target));
    io.stdout.write(
      `The tray app and \`clawkeeper watch\` re-send it after each refresh while this machine is awake (stop: clawkeeper host copy ${name} --stop).\n`,
    );
  }
  return 0;
}

/** `clawkeeper host`: usage and summary live in ../commands.ts. */
export async function runHost(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'add':
        return await add(rest, io);
      case 'list':
        return await list(rest, io);
      case 'remove':
        return await remove(rest, io);
      case 'status':
        return await status(rest, io);
      case 'doctor':
        return await doctor(rest, io);
      case 'install-service':
        return await installService(rest, io);
      case 'copy':
        return await copy(rest, io);
      default:
        throw new UsageError(`clawkeeper ${HOST_USAGE}`);
    }
  } catch (e: unknown) {
    if (e instanceof AppError) {
      if (e.code === 'invalid-argument') throw new UsageError(e.message);
      return fail(io, e.message);
    }
    throw e;
  }
}

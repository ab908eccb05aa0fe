/**
 * `clawkeeper host`: the hosts list (add, list, remove) and the dispatch to the commands that
 * reach a host (host-status.ts, host-remote.ts). A host is reached over ssh, or for a container,
 * with its engine's exec (`--docker`, `--compose`, `--podman`, `--kubectl`).
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateDestination } from '../../adapters/ssh/ssh-command.ts';
import { execDestination } from '../../adapters/exec/exec-presets.ts';
import { AppError, toAppError } from '../../core/kernel/errors.ts';
import {
  addHostTo,
  checkExecName,
  checkHostName,
  checkRemotePath,
  checkTag,
  HostSchema,
  readHostsConfig,
  removeHostFrom,
  type Host,
} from '../../core/hosts/host-settings.ts';
import { hostsWithTags, MAX_TAGS } from '../../core/hosts/host-tags.ts';
import { redact } from '../../core/kernel/redact.ts';
import { updateSettings } from '../../core/settings/settings.ts';
import { settingsPath } from '../../core/kernel/paths.ts';
import { createHostServices } from '../../compose/host-services.ts';
import { UsageError, type Io } from '../command.ts';
import { HOST_USAGE } from '../commands.ts';
import { createAppContext } from '../../compose/context.ts';
import { NodeWritableFiles } from '../../adapters/node/node-writable-files.ts';
import { hostStatus } from './host-status.ts';
import { hostCopy, hostDoctor, hostInstallService } from './host-remote.ts';
import { hostTag } from './host-tag.ts';
import { selectHosts, TAG_OPTION } from './host-select.ts';

const ADD_USAGE =
  'host add NAME DESTINATION | --docker CONTAINER | --compose SERVICE [--compose-dir DIR] | --podman CONTAINER | --kubectl [NAMESPACE/]POD [--kube-container C]  [--tag T]… (e.g. host add vps ada@vps.example.com)';
import { OUTPUT, writeJson } from '../json-output.ts';

function fail(io: Io, message: string, hint?: string | null): number {
  io.stderr.write(`clawkeeper: ${redact(message)}\n${hint ? `  → ${redact(hint)}\n` : ''}`);
  return 1;
}

const usageOf = (f: () => void) => {
  try {
    f();
  } catch (e: unknown) {
    throw new UsageError(toAppError(e).message);
  }
};

/** The container target from `--docker`/`--compose`/`--podman`/`--kubectl`, or null for ssh. */
function execOf(v: Record<string, string | boolean | string[] | undefined>, cwd: string): Host['exec'] {
  const str = (k: string) => (typeof v[k] === 'string' ? v[k] : undefined);
  const given = ['docker', 'compose', 'podman', 'kubectl'].filter((k) => str(k) !== undefined);
  if (given.length > 1) throw new UsageError(`${ADD_USAGE}: one of --docker, --compose, --podman, --kubectl`);
  const engine = given[0] as 'docker' | 'compose' | 'podman' | 'kubectl' | undefined;
  if (str('compose-dir') !== undefined && engine !== 'compose')
    throw new UsageError('--compose-dir goes with --compose SERVICE');
  if (str('kube-container') !== undefined && engine !== 'kubectl')
    throw new UsageError('--kube-container goes with --kubectl POD');
  if (!engine) return null;
  const raw = str(engine) ?? '';
  let target = raw;
  let namespace: string | null = null;
  if (engine === 'kubectl' && raw.includes('/')) {
    [namespace = '', target = ''] = raw.split('/', 2);
    usageOf(() => checkExecName('namespace', namespace ?? ''));
  }
  usageOf(() =>
    checkExecName(engine === 'compose' ? 'service' : engine === 'kubectl' ? 'pod' : 'container', target),
  );
  const container = str('kube-container') ?? null;
  if (container) usageOf(() => checkExecName('--kube-container', container));
  const dir = str('compose-dir');
  return {
    engine,
    target,
    namespace,
    container,
    // compose finds its project from the folder it runs in: keep the folder `host add` meant
    projectDir: engine === 'compose' ? (dir ? (isAbsolute(dir) ? dir : resolve(cwd, dir)) : cwd) : null,
  };
}

async function add(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      clawkeeper: { type: 'string' },
      openclaw: { type: 'string' },
      docker: { type: 'string' },
      compose: { type: 'string' },
      'compose-dir': { type: 'string' },
      podman: { type: 'string' },
      kubectl: { type: 'string' },
      'kube-container': { type: 'string' },
      ...TAG_OPTION,
    },
    strict: true,
    allowPositionals: true,
  });
  const exec = execOf(values, process.cwd());
  const [name, destination, ...extra] = positionals;
  if (!name || extra.length || (exec ? destination !== undefined : !destination))
    throw new UsageError(ADD_USAGE);
  usageOf(() => checkHostName(name));
  if (!exec && destination) {
    const bad = validateDestination(destination);
    if (bad)
      throw new UsageError(
        `"${destination.slice(0, 60)}" is not an ssh destination: ${bad} (user@server, ssh://user@server:port or an ssh_config alias)`,
      );
  }
  const tags = [...new Set(values.tag ?? [])];
  for (const t of tags) usageOf(() => checkTag(t));
  if (tags.length > MAX_TAGS) throw new UsageError(`a host carries at most ${MAX_TAGS} tags`);
  if (values.clawkeeper) checkRemotePath('--clawkeeper', values.clawkeeper);
  if (values.openclaw) checkRemotePath('--openclaw', values.openclaw);
  const host = HostSchema.parse({
    name,
    destination: exec ? execDestination(exec) : destination,
    tags,
    exec,
    clawkeeperBin: values.clawkeeper ?? null,
    openclawBin: values.openclaw ?? null,
  });
  const ctx = await createAppContext(io.env);
  await updateSettings(
    new NodeWritableFiles(),
    settingsPath(ctx.env),
    (raw) => addHostTo(raw, host),
    ctx.trust,
  );
  io.stdout.write(`Added ${name} (${host.destination}). Check it: clawkeeper host status ${name}\n`);
  return 0;
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, ...TAG_OPTION },
    strict: true,
  });
  const ctx = await createAppContext(io.env);
  const config = readHostsConfig(ctx.loaded.settings);
  if (config.problem) io.stderr.write(`clawkeeper: ${config.problem}\n`);
  const hosts = values.tag?.length ? hostsWithTags(config.hosts, values.tag) : config.hosts;
  if (values.json) writeJson(io, OUTPUT.hosts, { hosts });
  else if (config.hosts.length === 0)
    io.stdout.write('No hosts yet. Add one: clawkeeper host add NAME user@server\n');
  else
    for (const h of hosts)
      io.stdout.write(`${h.name}\t${h.destination}${h.tags.length ? `\t${h.tags.join(',')}` : ''}\n`);
  return 0;
}

const REMOVE_USAGE = 'host remove NAME | --tag T… --yes';

async function remove(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...TAG_OPTION, yes: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError(REMOVE_USAGE);
  const ctx = await createAppContext(io.env);
  const { transport, config } = createHostServices(ctx);
  let names: string[];
  if (positionals[0] !== undefined && !values.tag?.length) names = [positionals[0]];
  else {
    names = selectHosts(config, positionals[0], values.tag, REMOVE_USAGE).map((h) => h.name);
    // a tag picks whatever carries it today, maybe more than meant: name them and ask for --yes
    if (!values.yes) {
      io.stderr.write(
        `clawkeeper: host remove --tag ${(values.tag ?? []).join(' --tag ')} would remove ${names.length} host${names.length === 1 ? '' : 's'}: ${names.join(', ')}\n  → add --yes to remove ${names.length === 1 ? 'it' : 'them'} (or remove one by its NAME)\n`,
      );
      return 64;
    }
  }
  const removed: string[] = [];
  await updateSettings(
    new NodeWritableFiles(),
    settingsPath(ctx.env),
    (raw) => {
      for (const n of names) if (removeHostFrom(raw, n)) removed.push(n);
    },
    ctx.trust,
  );
  if (removed.length === 0)
    return fail(io, `no host named "${(names[0] ?? '').slice(0, 40)}"`, 'clawkeeper host list');
  for (const n of removed) {
    const known = config.hosts.find((h) => h.name === n);
    if (known && !known.exec) await transport.close(known.destination);
  }
  io.stdout.write(`Removed ${removed.join(', ')}.\n`);
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
      case 'tag':
        return await hostTag(rest, io);
      case 'status':
        return await hostStatus(rest, io);
      case 'doctor':
        return await hostDoctor(rest, io);
      case 'install-service':
        return await hostInstallService(rest, io);
      case 'copy':
        return await hostCopy(rest, io);
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

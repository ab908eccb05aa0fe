/**
 * Builds the remote-host service for the CLI and the tray: hosts from settings, reached over ssh
 * or, for a container host, with its engine's exec; one pool bounds the calls of both.
 */
import { controlDirFor, SshTransport } from '../adapters/ssh/ssh-transport.ts';
import { ExecTransport } from '../adapters/exec/exec-transport.ts';
import type { RemoteHostRef, RemoteShell } from '../ports/remote-shell.ts';
import { checkSshWords, parseSshCommand } from '../adapters/ssh/ssh-command.ts';
import { readHostsConfig, type HostsConfig } from '../core/hosts/host-settings.ts';
import { HostClient } from '../core/hosts/host-client.ts';
import { hostPool } from '../core/hosts/host-pool.ts';
import type { AppContext } from './context.ts';
import { discover } from '../core/discovery/discovery.ts';
import { primaryLogin } from '../core/discovery/inventory.ts';
import type { KeeperControl } from '../core/contracts.ts';
import { LoginCopier } from '../core/hosts/login-copier.ts';
import type { Logger } from '../ports/logger.ts';

export interface HostServices {
  readonly config: HostsConfig;
  readonly transport: SshTransport;
  readonly hosts: HostClient;
}

/**
 * The ssh command: `CLAWKEEPER_SSH` (parsed like a shell, as GIT_SSH_COMMAND), else the setting
 * `ssh.command`, else `ssh`. `CLAWKEEPER_SSH_REUSE=0|1` overrides `ssh.reuse` (benchmarks).
 */
export function createHostServices(ctx: AppContext): HostServices {
  const config = readHostsConfig(ctx.loaded.settings);
  const vars = ctx.env.vars;
  const command = vars.CLAWKEEPER_SSH
    ? parseSshCommand(vars.CLAWKEEPER_SSH, vars)
    : config.ssh.command
      ? [...config.ssh.command]
      : ['ssh'];
  checkSshWords(command);
  const reuseVar = vars.CLAWKEEPER_SSH_REUSE;
  const reuse = reuseVar === '0' ? false : reuseVar === '1' ? true : config.ssh.reuse;
  const transport = new SshTransport(
    ctx.runner,
    {
      command,
      connectTimeoutSeconds: config.ssh.connectTimeoutSeconds,
      reuse,
      persistSeconds: config.ssh.persistSeconds,
      controlDir: controlDirFor(ctx.dataDir, ctx.env.uid),
    },
    vars,
  );
  const shell = routed(transport, new ExecTransport(ctx.runner, vars));
  const pool = hostPool(config.ssh.parallel, { timers: ctx.clock });
  return { config, transport, hosts: new HostClient(shell, config.ssh, () => ctx.clock.now(), pool) };
}

/** ssh for a host with a destination, its engine's exec for a container host. */
function routed(ssh: RemoteShell, exec: RemoteShell): RemoteShell {
  const pick = (h: RemoteHostRef) => (h.exec ? exec : ssh);
  return {
    run: (h, c, o) => pick(h).run(h, c, o),
    argv: (h, c) => pick(h).argv(h, c),
    manual: (h) => pick(h).manual(h),
    reproduce: (h) => pick(h).reproduce(h),
  };
}

/**
 * The side of `host copy --keep` that runs while this machine is awake (the tray app and
 * `clawkeeper watch` alike): feeds each keeper status to one `LoginCopier`. Null when no host
 * asked for a copy.
 */
export function attachLoginCopies(
  ctx: AppContext,
  remote: HostServices,
  keeper: Pick<KeeperControl, 'on'>,
  logger: Logger,
): LoginCopier | null {
  if (!remote.config.hosts.some((h) => h.copyLogin !== null)) return null;
  const copier = new LoginCopier({
    hosts: () => remote.config.hosts,
    remote: remote.hosts,
    readLogin: async () => primaryLogin(await discover(ctx.deps)),
    clock: ctx.clock,
    logger,
  });
  keeper.on((e) => {
    if (e.type === 'status') void copier.feed(e.report);
  });
  return copier;
}

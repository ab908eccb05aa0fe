/** Builds the remote-host service (ssh transport + hosts from settings) for the CLI and the tray. */
import { controlDirFor, SshTransport } from '../adapters/ssh/ssh-transport.ts';
import { checkSshWords, parseSshCommand } from '../adapters/ssh/ssh-command.ts';
import { readHostsConfig, type HostsConfig } from '../core/hosts/host-settings.ts';
import { RemoteHosts } from '../core/hosts/remote-hosts.ts';
import type { AppContext } from './context.ts';

export interface RemoteHostsContext {
  readonly config: HostsConfig;
  readonly transport: SshTransport;
  readonly hosts: RemoteHosts;
}

/**
 * The ssh command: `CLAWKEEPER_SSH` (parsed like a shell, as GIT_SSH_COMMAND), else the setting
 * `ssh.command`, else `ssh`. `CLAWKEEPER_SSH_REUSE=0|1` overrides `ssh.reuse` (benchmarks).
 */
export function createRemoteHosts(ctx: AppContext): RemoteHostsContext {
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
  return { config, transport, hosts: new RemoteHosts(transport, config.ssh, () => ctx.clock.now()) };
}

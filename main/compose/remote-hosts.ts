/** Builds the remote-host service (ssh transport + hosts from settings) for the CLI and the tray. */
import { controlDirFor, SshTransport } from '../adapters/ssh/ssh-transport.ts';
import { checkSshWords, parseSshCommand } from '../adapters/ssh/ssh-command.ts';
import { readHostsConfig, type HostsConfig } from '../core/hosts/host-settings.ts';
import { RemoteHosts } from '../core/hosts/remote-hosts.ts';
import type { AppContext } from './context.ts';
import { discover } from '../core/discovery/discovery.ts';
import { primaryLogin } from '../core/discovery/inventory.ts';
import type { StatusReport } from '../core/health/report.ts';
import { loginCopy } from '../core/hosts/login-copy.ts';
import type { Logger } from '../ports/logger.ts';

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

/**
 * The tray's side of `host copy --keep`: after each keeper status whose login changed, re-send the
 * access token (never the refresh token) to every host that asked for a copy. Runs only while the
 * app runs, that is while this machine is awake: the window says the copy goes stale otherwise.
 */
export function createLoginCopier(
  ctx: AppContext,
  remote: RemoteHostsContext,
  logger: Logger,
): (report: StatusReport) => Promise<void> {
  const sent = new Map<string, string>();
  return async (report) => {
    const targets = remote.config.hosts.filter((h) => h.copyLogin !== null);
    const login = report.credentials.find((c) => c.id === 'claude-code' && c.state === 'ok');
    if (targets.length === 0 || !login?.fingerprint) return;
    const due = targets.filter((h) => sent.get(h.name) !== login.fingerprint);
    if (due.length === 0) return;
    const current = primaryLogin(await discover(ctx.deps));
    await Promise.all(
      due.map(async (h) => {
        try {
          const c = loginCopy(current, ctx.clock.now(), h.copyLogin ?? { agent: null, profileId: null });
          const { via } = await remote.hosts.via(h);
          const results = await remote.hosts.execute(
            h,
            remote.hosts.pastePlans(h, via, c.options, true),
            c.token,
          );
          if (results[0]?.ok) sent.set(h.name, login.fingerprint ?? '');
          logger.info('login copied to host', {
            host: h.name,
            ok: results[0]?.ok === true,
            fingerprint: c.fingerprint,
          });
        } catch (e: unknown) {
          logger.warn('login copy to host failed', {
            host: h.name,
            error: e instanceof Error ? e.message : String(e),
          });
        }
      }),
    );
  };
}

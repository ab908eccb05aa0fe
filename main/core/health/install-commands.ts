/**
 * Follow-up commands that fit the install: its own CLI name (`openclaw`, `clawdbot`, `moltbot`)
 * and only the commands its version has. Checked against the real releases: Clawdbot
 * 2026.1.24-3 has `gateway restart` and no `secrets` command; OpenClaw 2026.6.1 has
 * `secrets reload`. A Docker setup (settings `sync.reload: docker`) recreates its container.
 */
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Settings } from '../settings/settings.ts';

type InstallLike = Pick<OpenClawInstall, 'label' | 'configPath' | 'version'>;

export function cliNameOf(i: InstallLike): 'openclaw' | 'clawdbot' | 'moltbot' {
  if (i.label === 'clawdbot' || i.label === 'moltbot') return i.label;
  const file = i.configPath.split(/[\\/]/).pop() ?? '';
  if (file === 'clawdbot.json') return 'clawdbot';
  if (file === 'moltbot.json') return 'moltbot';
  return 'openclaw';
}

/** Whether the install's CLI has `secrets reload`: every OpenClaw-named release; never Clawdbot/Moltbot. */
export function hasSecretsReload(i: InstallLike): boolean {
  return cliNameOf(i) === 'openclaw';
}

/** The one command that makes a running gateway pick up a changed credential or config. */
export function reloadCommandOf(i: InstallLike, sync?: Settings['sync']): string {
  if (sync?.reload === 'docker') return `docker compose up -d --force-recreate ${sync.dockerService}`;
  if (sync?.reload === 'command' && sync.reloadCommand.length > 0) return sync.reloadCommand.join(' ');
  const cli = cliNameOf(i);
  return hasSecretsReload(i) ? `${cli} secrets reload` : `${cli} gateway restart`;
}

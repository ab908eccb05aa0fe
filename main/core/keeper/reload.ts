import type { OpenClawCli } from '../../ports/openclaw.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';
import type { Settings } from '../settings/settings.ts';

export interface ReloadOutcome {
  readonly command: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Makes the running gateway pick up a synced token (docs/domain.md §4): `openclaw secrets reload`,
 * `openclaw gateway restart`, `docker compose up -d --force-recreate <service>` (a plain
 * restart keeps the old env), or a custom command. `auto` tries `secrets reload` when the
 * openclaw CLI is installed and never restarts anything by itself.
 */
export async function reloadGateway(
  deps: { runner: ProcessRunner; openclaw: OpenClawCli; env: Readonly<Record<string, string | undefined>> },
  s: Settings['sync'],
): Promise<ReloadOutcome | null> {
  let argv: string[];
  let cwd: string | undefined;
  const oc = await deps.openclaw.locate();
  switch (s.reload) {
    case 'off':
      return null;
    case 'auto':
      if (!oc) return null;
      argv = [oc, 'secrets', 'reload'];
      break;
    case 'secrets-reload':
      argv = [oc ?? 'openclaw', 'secrets', 'reload'];
      break;
    case 'gateway-restart':
      argv = [oc ?? 'openclaw', 'gateway', 'restart'];
      break;
    case 'docker':
      argv = ['docker', 'compose', 'up', '-d', '--force-recreate', s.dockerService];
      cwd = s.dockerComposeDir ?? undefined;
      break;
    case 'command':
      if (s.reloadCommand.length === 0)
        return {
          command: '(none)',
          ok: false,
          detail: 'sync.reload is "command" but sync.reloadCommand is empty',
        };
      argv = [...s.reloadCommand];
      break;
  }
  const [cmd, ...args] = argv;
  const r = await deps.runner.run(cmd!, args, { env: deps.env, timeoutMs: 120_000, ...(cwd ? { cwd } : {}) });
  const shown = argv.map((a, i) => (i === 0 ? a.split('/').pop() : a)).join(' ');
  if (r.spawnError) return { command: shown, ok: false, detail: `could not start (${r.spawnError})` };
  if (r.timedOut) return { command: shown, ok: false, detail: 'timed out after 120 s' };
  return { command: shown, ok: r.code === 0, detail: r.code === 0 ? 'done' : `exit ${r.code}` };
}

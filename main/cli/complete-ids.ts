/**
 * `clawkeeper __complete <kind>`: the ids a completion script offers after `--agent`, `--host`,
 * `--tag` (and `host tag`'s `--add`/`--remove`), `host remove|tag|status|doctor|install-service|copy`,
 * `link remove` and `backup restore`, one per
 * line. Read-only and quick (settings, the agents folders, the backup index; no discovery, no
 * OpenClaw CLI), never a token, and silent on any failure: a completion must not print errors.
 */
import { join } from 'node:path';
import { FileBackups } from '../adapters/node/file-backups.ts';
import { nodeEnvironment } from '../adapters/node/node-environment.ts';
import { NodeLocks } from '../adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../adapters/node/node-writable-files.ts';
import { SystemClock } from '../adapters/node/system-clock.ts';
import { readHostsConfig, LOCAL_HOST } from '../core/hosts/host-settings.ts';
import { linkId } from '../core/keeper/links.ts';
import { appDataDir, openClawStateDirs, settingsPath } from '../core/kernel/paths.ts';
import { loadSettings } from '../core/settings/settings.ts';
import type { Io } from './command.ts';

export const ID_KINDS = ['hosts', 'tags', 'agents', 'links', 'backups'] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** The ids of one kind, sorted and without duplicates. */
export async function idsOf(kind: IdKind, vars: NodeJS.ProcessEnv): Promise<string[]> {
  const env = nodeEnvironment(vars);
  const files = new NodeWritableFiles({ blocking: true });
  const { settings } = await loadSettings(files, settingsPath(env));
  const ids: string[] = [];
  if (kind === 'hosts') ids.push(LOCAL_HOST, ...readHostsConfig(settings).hosts.map((h) => h.name));
  if (kind === 'tags') ids.push(...readHostsConfig(settings).hosts.flatMap((h) => h.tags));
  if (kind === 'agents')
    for (const c of openClawStateDirs(env, settings.openclaw.extraStateDirs))
      ids.push(...((await files.list(join(c.stateDir, 'agents'))) ?? []));
  if (kind === 'links') ids.push(...settings.sync.links.map(linkId));
  if (kind === 'backups') {
    const dir = join(appDataDir(env), 'backups');
    ids.push(
      ...(await new FileBackups(files, new SystemClock(), dir, new NodeLocks()).list()).map((b) => b.id),
    );
  }
  return [...new Set(ids.filter((i) => i !== '' && !/\s/.test(i)))].sort();
}

/** Prints the ids of `kind`; exit 0 whatever happens (64 only for a kind that does not exist). */
export async function runComplete(args: readonly string[], io: Io): Promise<number> {
  const kind = args[0];
  if (!(ID_KINDS as readonly string[]).includes(kind ?? '')) {
    io.stderr.write(`clawkeeper __complete: say one of ${ID_KINDS.join(', ')}\n`);
    return 64;
  }
  try {
    for (const id of await idsOf(kind as IdKind, io.env)) io.stdout.write(`${id}\n`);
  } catch {
    /* a completion offers nothing rather than an error */
  }
  return 0;
}

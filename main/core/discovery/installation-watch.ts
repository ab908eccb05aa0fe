import { join } from 'node:path';
import type { Environment } from '../../ports/environment.ts';
import type { Files } from '../../ports/files.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import { openClawStateDirs } from '../kernel/paths.ts';
import type { Settings } from '../settings/settings.ts';
import type { Inventory } from './inventory.ts';

/**
 * Where another installation would show: folders whose every change may mean another release or
 * store layout, and the state folders that may appear or disappear.
 */
export interface InstallationWatch {
  /** the openclaw command's folder and its package's, each state folder's `agents/`, `agents/<id>/`, `state/` */
  readonly dirs: readonly string[];
  /** every state folder OpenClaw may use here, there or not: their parents are watched for these names */
  readonly stateDirs: readonly string[];
}

export const NO_INSTALLATION_WATCH: InstallationWatch = { dirs: [], stateDirs: [] };

/**
 * The folders a running keeper watches to notice another installation: the openclaw command's
 * folder and its package's (another release installed, a symlink swapped), each existing state
 * folder's `agents/` and `state/` (an agent added or removed, a store migrated into SQLite), an
 * agent folder still without its `agent/` inside, and every state folder OpenClaw may use (one
 * appearing or disappearing). One `list` of `agents/` and a few `stat` calls per state folder.
 */
export async function installationWatch(
  deps: { files: Files; env: Environment; openclaw: OpenClawCli; settings: Settings },
  inv: Inventory,
): Promise<InstallationWatch> {
  const isDir = async (p: string) => (await deps.files.stat(p).catch(() => null))?.isDirectory === true;
  const dirs: string[] = [...((await deps.openclaw.installationDirs?.().catch(() => [])) ?? [])];
  const stateDirs = openClawStateDirs(deps.env, deps.settings.openclaw.extraStateDirs).map((c) => c.stateDir);
  for (const stateDir of stateDirs) {
    if (!(await isDir(stateDir))) continue;
    if (await isDir(join(stateDir, 'state'))) dirs.push(join(stateDir, 'state'));
    const agents = join(stateDir, 'agents');
    const ids = await deps.files.list(agents).catch(() => null);
    if (ids === null) continue;
    dirs.push(agents);
    const install = inv.installs.find((i) => i.stateDir === stateDir);
    const known = new Set(install?.agents.filter((a) => a.dirStat).map((a) => a.agentId) ?? []);
    // `agents/<id>` made before its `agent/`: watched until the agent folder is there
    for (const id of ids) if (!known.has(id) && (await isDir(join(agents, id)))) dirs.push(join(agents, id));
  }
  return { dirs, stateDirs };
}

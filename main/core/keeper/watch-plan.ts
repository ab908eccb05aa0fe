import { dirname } from 'node:path';
import type { Inventory } from '../discovery/inventory.ts';
import type { Settings } from '../settings/settings.ts';
import { NO_INSTALLATION_WATCH, type InstallationWatch } from '../discovery/installation-watch.ts';

export interface WatchPlan {
  /** sorted, without duplicates */
  readonly dirs: readonly string[];
  /** folders watched only for some of their entries (a state folder's parent, e.g. the home folder) */
  readonly only: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The directories the keeper watches (pure): writers replace files by rename, so the folder of
 * every store is watched, never the inode; for SQLite stores the folder of the database (its
 * `-wal` changes on every commit; `-shm` changes on reads too and is ignored by the watcher).
 * Also what says the installation changed (`follow`): another release installed, a store
 * migrated, an agent or a state folder appearing or disappearing.
 */
export function watchPlan(
  inv: Inventory,
  settings: Settings,
  follow: InstallationWatch = NO_INSTALLATION_WATCH,
): WatchPlan {
  const dirs = new Set<string>();
  for (const c of inv.claude) if (c.source === 'file') dirs.add(dirname(c.location));
  for (const i of inv.installs) {
    dirs.add(i.stateDir);
    dirs.add(dirname(i.configPath));
    for (const a of i.agents) if (a.dirStat) dirs.add(a.dir);
    // SQLite stores: a commit changes the database or its -wal in that folder
    if (i.sharedDbPath) dirs.add(dirname(i.sharedDbPath));
    for (const a of i.agents) if (a.sqlitePath && a.dirStat) dirs.add(dirname(a.sqlitePath));
    if (i.legacyOauth.status !== 'missing') dirs.add(dirname(i.legacyOauth.path));
  }
  for (const l of settings.sync.links) if ('file' in l) dirs.add(dirname(l.file));
  for (const d of follow.dirs) dirs.add(d);
  // a state folder's parent (often the home folder) is watched for that folder's name only
  const only = new Map<string, Set<string>>();
  for (const s of follow.stateDirs) {
    const parent = dirname(s);
    if (parent === s || dirs.has(parent)) continue;
    const names = only.get(parent) ?? new Set<string>();
    names.add(s);
    only.set(parent, names);
  }
  return { dirs: [...new Set([...dirs, ...only.keys()])].sort(), only };
}

/** Whether a change the watcher reported at `path` is worth a pass under this plan. */
export function relevantChange(plan: WatchPlan, path: string): boolean {
  const names = plan.only.get(dirname(path));
  return names === undefined || names.has(path) || plan.only.has(path);
}

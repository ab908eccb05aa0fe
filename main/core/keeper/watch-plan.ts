import { dirname } from 'node:path';
import type { Inventory } from '../discovery/inventory.ts';
import type { Settings } from '../settings/settings.ts';

/**
 * The directories the keeper watches (pure): writers replace files by rename, so the folder of
 * every store is watched, never the inode. Sorted, without duplicates.
 */
export function watchPlan(inv: Inventory, settings: Settings): string[] {
  const dirs = new Set<string>();
  for (const c of inv.claude) if (c.source === 'file') dirs.add(dirname(c.location));
  for (const i of inv.installs) {
    dirs.add(i.stateDir);
    dirs.add(dirname(i.configPath));
    for (const a of i.agents) if (a.dirStat) dirs.add(a.dir);
    if (i.legacyOauth.status !== 'missing') dirs.add(dirname(i.legacyOauth.path));
  }
  for (const l of settings.sync.links) if ('file' in l) dirs.add(dirname(l.file));
  return [...dirs].sort();
}

import type { BackupRecord } from '../../ports/backups.ts';

const DAY = 86_400_000;

/** How many backups of each file are kept: the last `keepLast` and all from the last `keepDays`. */
export interface RetentionPolicy {
  readonly keepLast: number;
  readonly keepDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 10, keepDays: 30 };

/** Backups taken before a change a human asked for: never dropped by retention. */
export function isProtectedReason(reason: string): boolean {
  return !reason.startsWith('sync');
}

/**
 * Which records retention keeps: per file, the last `keepLast`, everything younger than
 * `keepDays`, the file's first backup, and every protected one (before a fix, paste, replace
 * or restore).
 */
export function retained(all: readonly BackupRecord[], now: number, policy: RetentionPolicy): Set<string> {
  const keep = new Set<string>();
  const byFile = new Map<string, BackupRecord[]>();
  for (const r of all) {
    const list = byFile.get(r.file);
    if (list) list.push(r);
    else byFile.set(r.file, [r]);
  }
  for (const list of byFile.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    list.forEach((r, i) => {
      if (
        i === 0 ||
        i >= list.length - policy.keepLast ||
        now - r.createdAt < policy.keepDays * DAY ||
        r.protected
      )
        keep.add(r.id);
    });
  }
  return keep;
}

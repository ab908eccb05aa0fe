import * as z from 'zod/mini';

/**
 * Claude Code 2.1.332's owner record of its refresh lock, `<claudeDir>/.oauth_refresh.lock.owner`
 * (read from the shipped binary; test/interop/FINDINGS.md "Refresh lock owner record"). Written
 * atomically after both refresh locks are taken, removed before they are released, and only by the
 * process it names. Another process may take over a lock whose recorded holder is proven gone
 * instead of waiting the 60 s mtime rule out; releases before 2.1.332 write no record.
 */
export const LOCK_OWNER_FILE = '.oauth_refresh.lock.owner';
/** Claude Code ignores a record larger than this. */
export const LOCK_OWNER_MAX_BYTES = 4096;

export const LockOwnerSchema = z.object({
  pid: z.int(),
  /** the holder's start time (Linux: field 22 of /proc/<pid>/stat), to tell a reused pid apart */
  procStart: z.optional(z.string().check(z.maxLength(64))),
  /** `linux:<machine-id>:<pid namespace link>` on Linux */
  pidDomain: z.string().check(z.maxLength(512)),
  /** `<hostname>#<pid namespace link>` on Linux */
  pidSpace: z.string().check(z.maxLength(512)),
  /** birth time of the `.oauth_refresh.lock` directory this record belongs to */
  lockBirthtimeMs: z.number().check(z.positive()),
  /** birth time of the legacy `<realpath(claudeDir)>.lock`, when the holder took it too */
  legacyLockBirthtimeMs: z.optional(z.number().check(z.positive())),
});

export type LockOwner = z.infer<typeof LockOwnerSchema>;

/** The record, or null when it is absent, too large or not the shape Claude Code writes (as Claude Code reads it). */
export function parseLockOwner(text: string | null): LockOwner | null {
  if (text === null || new TextEncoder().encode(text).length > LOCK_OWNER_MAX_BYTES) return null;
  try {
    const r = LockOwnerSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** What the record says about a refresh lock that someone holds. */
export type LockOwnerVerdict =
  /** no record (Claude Code before 2.1.332, or Clawkeeper before it): the 60 s mtime rule alone */
  | 'no-record'
  /** the record belongs to an earlier lock, not the one on disk */
  | 'record-mismatch'
  /** written in another pid namespace or machine: its pid means nothing here */
  | 'foreign-pid-space'
  /** this process cannot see every pid (a sandbox): a missing pid proves nothing */
  | 'pid-view-untrusted'
  | 'holder-alive'
  | 'holder-gone';

export interface LockOwnerFacts {
  readonly lockBirthtimeMs: number;
  readonly pidDomain: string;
  readonly pidSpace: string;
  readonly pidViewTrusted: boolean;
  /** whether the recorded pid is dead, a zombie, or now a different process (start time differs) */
  readonly holderGone: (owner: LockOwner) => boolean;
}

/** Claude Code's own takeover rule, as a verdict: only `holder-gone` lets a lock be removed early. */
export function judgeLockOwner(owner: LockOwner | null, facts: LockOwnerFacts): LockOwnerVerdict {
  if (!owner) return 'no-record';
  if (owner.lockBirthtimeMs !== facts.lockBirthtimeMs) return 'record-mismatch';
  if (owner.pidDomain !== facts.pidDomain || owner.pidSpace !== facts.pidSpace) return 'foreign-pid-space';
  if (!facts.pidViewTrusted) return 'pid-view-untrusted';
  return facts.holderGone(owner) ? 'holder-gone' : 'holder-alive';
}

/**
 * The usage readings every Clawkeeper on this machine shares (`<data dir>/usage.json`, 0600):
 * by fingerprint only, never a token. The tray app, `watch` and `clawkeeper usage` read it before
 * asking the endpoint, so one login is read once per interval however many of them run. A
 * missing or damaged file counts as empty; a read-only data dir only loses the memory.
 */
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { WritableFiles } from '../../ports/files.ts';
import type { UsageRecord } from './usage-policy.ts';
import { UsageSnapshotSchema } from './usage-schema.ts';

const DAY = 86_400_000;
/** records of tokens not tried for this long are dropped (an access token lives about 8 hours) */
const KEEP_MS = 8 * DAY;
const MAX_ENTRIES = 500;

const RecordSchema = z.object({
  attemptAt: z.number(),
  good: z.nullable(z.object({ fetchedAt: z.number(), snapshot: UsageSnapshotSchema })),
  failure: z.nullable(
    z.object({
      kind: z.enum(['rate-limited', 'rejected', 'unavailable', 'unknown-shape']),
      detail: z.string(),
      streak: z.int().check(z.minimum(1)),
    }),
  ),
  retryAt: z.nullable(z.number()),
});

const FP = /^sha256:[0-9a-f]{12,64}$/;

export class UsageMemory {
  readonly path: string;
  constructor(
    private readonly files: WritableFiles,
    dataDir: string,
  ) {
    this.path = join(dataDir, 'usage.json');
  }

  /** Every remembered record, by fingerprint. */
  async load(): Promise<Map<string, UsageRecord>> {
    const out = new Map<string, UsageRecord>();
    let doc: unknown;
    try {
      doc = JSON.parse((await this.files.readText(this.path)) ?? '{}');
    } catch {
      return out;
    }
    const entries = (doc as { entries?: unknown } | null)?.entries;
    if (entries === null || typeof entries !== 'object') return out;
    for (const [fp, raw] of Object.entries(entries as Record<string, unknown>)) {
      const r = RecordSchema.safeParse(raw);
      if (FP.test(fp) && r.success) out.set(fp, { fingerprint: fp, ...r.data });
    }
    return out;
  }

  /**
   * Stores these records, merged with what another process wrote meanwhile (the later attempt
   * wins per fingerprint); old ones are dropped. Returns the merged map.
   */
  async save(records: Iterable<UsageRecord>, now: number): Promise<Map<string, UsageRecord>> {
    const merged = await this.load();
    for (const r of records) {
      const had = merged.get(r.fingerprint);
      if (!had || had.attemptAt <= r.attemptAt) merged.set(r.fingerprint, r);
    }
    const kept = [...merged.values()]
      .filter((r) => now - r.attemptAt <= KEEP_MS)
      .sort((a, b) => b.attemptAt - a.attemptAt)
      .slice(0, MAX_ENTRIES);
    const entries = Object.fromEntries(kept.map(({ fingerprint, ...rest }) => [fingerprint, rest]));
    try {
      const dir = this.path.slice(0, Math.max(this.path.lastIndexOf('/'), this.path.lastIndexOf('\\')));
      await this.files.mkdirp(dir, 0o700);
      await this.files.writeAtomic(this.path, JSON.stringify({ version: 1, entries }) + '\n', {
        mode: 0o600,
      });
    } catch {
      // a read-only data dir: the readings still count for this run
    }
    return new Map(kept.map((r) => [r.fingerprint, r]));
  }
}

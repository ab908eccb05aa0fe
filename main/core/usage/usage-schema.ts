/**
 * The one home of the usage JSON shapes, as zod schemas: `clawkeeper usage --json`
 * (`clawkeeper.usage/1`), the `usage` field of `status --json`, and the windows in
 * `<data dir>/usage.json`. Strict objects, so a test that parses an output with them fails on
 * any field nobody documented; JSON Schema files can be generated from them.
 */
import * as z from 'zod/mini';

/** a read-only list: the readings are handed around, never edited */
const list = <T extends z.core.SomeType>(item: T) => z.readonly(z.array(item));
const epoch = z.number().check(z.minimum(0));
const fingerprint = z.string().check(z.regex(/^sha256:[0-9a-f]{12,64}$/));

export const UsageWindowSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['session', 'weekly', 'weekly-scoped']),
  label: z.string(),
  percent: z.number(),
  resetsAt: z.nullable(epoch),
});

export const ExtraUsageSchema = z.strictObject({
  enabled: z.boolean(),
  monthlyLimit: z.nullable(z.number()),
  usedCredits: z.nullable(z.number()),
  percent: z.nullable(z.number()),
  currency: z.nullable(z.string()),
  disabledReason: z.nullable(z.string()),
});

export const UsageSnapshotSchema = z.strictObject({
  windows: list(UsageWindowSchema),
  extra: z.nullable(ExtraUsageSchema),
});

/** One login's usage: an entry of `status --json`'s `usage` (keyed by fingerprint) and of `logins[]`. */
export const UsageReadingSchema = z.strictObject({
  fingerprint,
  credentials: list(z.string()),
  status: z.enum(['ok', 'stale', 'unknown']),
  reason: z.nullable(z.string()),
  fetchedAt: z.nullable(epoch),
  nextAt: z.nullable(epoch),
  windows: list(UsageWindowSchema),
  extra: z.nullable(ExtraUsageSchema),
});

/** `status --json`'s `usage` field: readings keyed by the access token's fingerprint. */
export const StatusUsageSchema = z.record(fingerprint, UsageReadingSchema);

/** `clawkeeper usage --json`. */
export const UsageOutputSchema = z.strictObject({
  schema: z.literal('clawkeeper.usage/1'),
  generatedAt: epoch,
  /** the thresholds (percent of a window) alerts are sent at */
  thresholds: list(z.number()),
  logins: list(UsageReadingSchema),
  /** credentials whose usage is not read, and why (setup-tokens, expired tokens, API keys) */
  skipped: list(z.strictObject({ credential: z.string(), reason: z.string() })),
  notes: list(z.string()),
});
export type UsageOutput = z.infer<typeof UsageOutputSchema>;

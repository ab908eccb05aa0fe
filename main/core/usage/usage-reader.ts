/**
 * Reads the usage of the logins that are due, one request per token, and remembers the answers
 * in the shared file: the one place a request to the usage endpoint is made (CLI and keeper).
 */
import type { UsageEndpoint } from '../../ports/usage-endpoint.ts';
import type { UsageLogin } from './usage-logins.ts';
import type { UsageMemory } from './usage-memory.ts';
import { afterAnswer, usageDue, type UsageRecord } from './usage-policy.ts';

export interface UsageReaderDeps {
  readonly endpoint: UsageEndpoint;
  readonly memory: UsageMemory;
  readonly now: () => number;
}

export interface UsageReadResult {
  /** every remembered record after this round (other logins' included) */
  readonly records: ReadonlyMap<string, UsageRecord>;
  /** fingerprints asked in this round */
  readonly asked: readonly string[];
}

/**
 * Asks the endpoint for every login that is due (all of them with `force`), after reading the
 * shared memory, so a reading another process made within the interval is used as it is.
 */
export async function readUsage(
  deps: UsageReaderDeps,
  logins: readonly UsageLogin[],
  opts: { intervalMs: number; force?: boolean },
): Promise<UsageReadResult> {
  const known = await deps.memory.load();
  const updated: UsageRecord[] = [];
  for (const login of logins) {
    const prev = known.get(login.fingerprint) ?? null;
    if (!usageDue(prev, deps.now(), opts.intervalMs, opts.force ?? false).due) continue;
    const answer = await deps.endpoint.read(login.token);
    updated.push(afterAnswer(login.fingerprint, prev, answer, deps.now(), opts.intervalMs));
  }
  if (updated.length === 0) return { records: known, asked: [] };
  return {
    records: await deps.memory.save(updated, deps.now()),
    asked: updated.map((r) => r.fingerprint),
  };
}

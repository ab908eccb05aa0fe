import { parseArgs } from 'node:util';
import { createAppContext } from '../../compose/context.ts';
import { createUsageEndpoint, discoverLogins, usageMemory } from '../../compose/usage-factory.ts';
import { readingOf } from '../../core/usage/usage-policy.ts';
import { readUsage } from '../../core/usage/usage-reader.ts';
import type { UsageOutput } from '../../core/usage/usage-schema.ts';
import type { Io } from '../command.ts';
import { renderUsage } from '../render-usage.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

/**
 * `clawkeeper usage`: reads the subscription's usage windows of every login on this machine (at
 * most once per `usage.intervalMinutes` per login, shared with the tray app and `watch`;
 * `--refresh` reads now). Exit 0 when some login's usage is known, 1 when none is.
 */
export async function runUsage(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      refresh: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const ctx = await createAppContext(io.env);
  const s = ctx.loaded.settings;
  const notes: string[] = ctx.loaded.problem ? [ctx.loaded.problem] : [];
  const intervalMs = s.usage.intervalMinutes * 60_000;
  let out: UsageOutput;
  if (!s.usage.enabled) {
    notes.push('Reading usage is off (settings usage.enabled is false).');
    out = {
      schema: 'clawkeeper.usage/1',
      generatedAt: ctx.clock.now(),
      thresholds: s.usage.thresholds,
      logins: [],
      skipped: [],
      notes,
    };
  } else {
    const { logins, skipped } = await discoverLogins(ctx);
    const { records } = await readUsage(
      { endpoint: createUsageEndpoint(ctx), memory: usageMemory(ctx), now: () => ctx.clock.now() },
      logins,
      { intervalMs, force: values.refresh },
    );
    const now = ctx.clock.now();
    out = {
      schema: 'clawkeeper.usage/1',
      generatedAt: now,
      thresholds: s.usage.thresholds,
      logins: logins.map((l) =>
        readingOf(l.fingerprint, l.credentials, records.get(l.fingerprint) ?? null, now, intervalMs),
      ),
      skipped,
      notes,
    };
  }
  if (values.json) writeJson(io, OUTPUT.usage, out);
  else {
    if (ctx.loaded.problem) io.stderr.write(`clawkeeper: ${ctx.loaded.problem}\n`);
    io.stdout.write(
      renderUsage(
        { ...out, notes: out.notes.filter((n) => n !== ctx.loaded.problem) },
        out.generatedAt,
        Boolean(io.stdout.isTTY) && !io.env.NO_COLOR,
      ),
    );
  }
  return out.logins.some((r) => r.status !== 'unknown') ? 0 : 1;
}

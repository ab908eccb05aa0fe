import { readFile } from 'node:fs/promises';
import { createFileLogger } from '../../main/adapters/node/file-logger.ts';
import { createAppContext } from '../../main/compose/context.ts';
import { createKeeper } from '../../main/compose/keeper-factory.ts';
import type { Keeper } from '../../main/core/keeper/keeper.ts';
import type { KeeperEvent } from '../../main/core/contracts.ts';
import type { Clock } from '../../main/ports/clock.ts';
import type { FixtureHome } from './fixture-home.ts';

export interface Harness {
  keeper: Keeper;
  events: KeeperEvent[];
  logFile: string;
  of<T extends KeeperEvent['type']>(type: T): Array<Extract<KeeperEvent, { type: T }>>;
}

/** The real keeper (real files, locks, HTTP to the fake endpoint), with an optional fake clock. */
export async function keeperFor(
  h: FixtureHome,
  tokenUrl: string,
  opts: { clock?: Clock; watch?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const ctx = await createAppContext(
    h.env({ CLAWKEEPER_TOKEN_URL: tokenUrl, CLAWKEEPER_DATA_DIR: h.path('data'), ...opts.env }),
    opts.clock ? { clock: opts.clock } : {},
  );
  const logger = createFileLogger(ctx.dataDir);
  const keeper = createKeeper(ctx, logger, { watch: opts.watch ?? false });
  const events: KeeperEvent[] = [];
  keeper.on((e) => events.push(e));
  return {
    keeper,
    events,
    logFile: logger.file,
    of: <T extends KeeperEvent['type']>(type: T) =>
      events.filter((e): e is Extract<KeeperEvent, { type: T }> => e.type === type),
  };
}

export async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

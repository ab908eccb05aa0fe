import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Watcher } from '../../ports/watcher.ts';
import type { ClaudeLoginStore } from '../discovery/claude-login-store.ts';
import type { VerdictDeps } from '../health/verdict.ts';
import type { Inventory } from '../discovery/inventory.ts';
import type { ReloadOutcome } from './reload.ts';
import type { RefreshDeps } from './refresher.ts';
import type { Settings } from '../settings/settings.ts';
import type { CliSync } from './sync.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import type { LineageMemory } from './lineage-memory.ts';

/** What the keeper needs from the world: ports, the verdict's memory, and its policies' settings. */
export interface KeeperDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly watcher: Watcher | null;
  readonly settings: () => Settings;
  readonly discover: () => Promise<Inventory>;
  readonly storeFor: (inv: Inventory) => ClaudeLoginStore | null;
  readonly refresh: RefreshDeps;
  readonly writer: JsonUpdateDeps;
  /** runs the claude-cli strategy's command; resolves when it exits */
  readonly runClaudeCli: (argv: readonly string[]) => Promise<{ ok: boolean; detail: string }>;
  readonly reload: () => Promise<ReloadOutcome | null>;
  readonly syncViaCli: CliSync | null;
  readonly random?: () => number;
  /** fingerprints of the login's earlier tokens, so old copies stay recognisable */
  readonly lineage: LineageMemory | null;
  /** crash recovery before each pass: replays a refresh journal, sweeps leftover temp files */
  readonly recover?: () => Promise<{ readonly crashed: boolean } | void>;
  /** the one verdict's memory and probe; without it, expiry and lineage alone */
  readonly verdict?: Omit<VerdictDeps, 'now' | 'settings' | 'lineage'>;
}

/**
 * The keeper as the faces see it with usage: every report it hands out (`current()`, `status`
 * events) carries the usage windows, and a new reading is a `status` event of its own, so the
 * tray, the window, the notifications and the alert channels need nothing else. Starting and
 * stopping it starts and stops the usage monitor with the keeper.
 */
import type { Clock } from '../../ports/clock.ts';
import type { KeeperControl, KeeperEvent } from '../contracts.ts';
import type { StatusReport } from '../health/report.ts';
import type { UsageMonitor } from './usage-monitor.ts';

/** A keeper that can say when its queued work is done (the Keeper; tests and `watch` wait on it). */
type Settling = KeeperControl & { settled?: () => Promise<void> };

export function withUsageView(
  keeper: Settling,
  usage: UsageMonitor,
  clock: Clock,
): KeeperControl & { settled(): Promise<void> } {
  const decorate = (r: StatusReport | null) => (r === null ? null : usage.decorate(r));
  return {
    /** resolves when the keeper's queued passes and the usage reads in flight are done */
    async settled() {
      await keeper.settled?.();
      await usage.settled();
    },
    async start() {
      await usage.start();
      await keeper.start();
    },
    async stop() {
      await keeper.stop();
      await usage.stop();
    },
    refreshNow: (opts) => keeper.refreshNow(opts),
    syncNow: () => keeper.syncNow(),
    pause: () => keeper.pause(),
    resume: () => keeper.resume(),
    get paused() {
      return keeper.paused;
    },
    current: () => decorate(keeper.current()),
    history: () => keeper.history(),
    on(listener: (e: KeeperEvent) => void) {
      const offKeeper = keeper.on((e) =>
        listener(e.type === 'status' ? { ...e, report: usage.decorate(e.report) } : e),
      );
      const offUsage = usage.on(() => {
        const r = keeper.current();
        if (r !== null) listener({ type: 'status', at: clock.now(), report: usage.decorate(r) });
      });
      return () => {
        offKeeper();
        offUsage();
      };
    },
  };
}

/**
 * Bounded concurrency for remote calls: at most `n` run at once, the rest wait their turn in the
 * order they came. One pool per running Clawkeeper, shared by `host status`, the tray's monitor
 * and the login copies, so 100 hosts never mean 100 ssh handshakes at the same moment.
 *
 * The bound is there for this machine's CPU (an ssh handshake costs ~90 ms of it), not for
 * waiting: a call still running after twice the median of the recent ones (at least `minSlowMs`)
 * is waiting on its host, not working here, so it gives its slot to the next one. A silent host
 * then costs the fleet nothing but its own line, which arrives at its own timeout. At most `n`
 * calls are let go that way at a time, so a machine where everything is slow (overloaded, a slow
 * link) still runs no more than 2n calls at once.
 */
import type { Clock } from '../../ports/clock.ts';

export interface HostPool {
  /** runs `task` when a slot is free; resolves or rejects with it */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** calls holding a slot now and waiting for one now (the progress line reads these) */
  readonly active: number;
  readonly waiting: number;
}

const GLOBAL_TIMERS: Pick<Clock, 'setTimeout' | 'clearTimeout'> = (() => {
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  let next = 1;
  return {
    setTimeout(fn: () => void, ms: number) {
      const id = next++;
      live.set(
        id,
        setTimeout(() => {
          live.delete(id);
          fn();
        }, ms),
      );
      return { id };
    },
    clearTimeout(h: { id: number }) {
      clearTimeout(live.get(h.id));
      live.delete(h.id);
    },
  };
})();

/** A pool of `n` slots (n ≥ 1). */
export function hostPool(
  n: number,
  opts: { timers?: Pick<Clock, 'setTimeout' | 'clearTimeout' | 'now'>; minSlowMs?: number } = {},
): HostPool {
  const size = Math.max(1, Math.floor(n));
  const timers = opts.timers ?? { ...GLOBAL_TIMERS, now: () => Date.now() };
  const minSlowMs = opts.minSlowMs ?? 2000;
  const queue: Array<() => void> = [];
  /** the last durations, for the median that says "slow" */
  const recent: number[] = [];
  let active = 0;
  /** calls that gave their slot back and still run */
  let letGo = 0;
  const slowAfter = () => {
    const s = [...recent].sort((a, b) => a - b);
    return Math.max(minSlowMs, 2 * (s[Math.floor(s.length / 2)] ?? 0));
  };
  const next = () => {
    while (active < size) {
      const start = queue.shift();
      if (!start) return;
      active++;
      start();
    }
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          const began = timers.now();
          let holding = true;
          let slowed = false;
          const release = () => {
            if (!holding) return;
            holding = false;
            active--;
            next();
          };
          const slow = timers.setTimeout(() => {
            if (letGo >= size) return;
            letGo++;
            slowed = true;
            release();
          }, slowAfter());
          // a task that throws synchronously still frees its slot
          void Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              timers.clearTimeout(slow);
              recent.push(timers.now() - began);
              if (recent.length > 32) recent.shift();
              if (slowed) letGo--;
              release();
            });
        });
        next();
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

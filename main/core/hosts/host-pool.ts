/**
 * Bounded concurrency for remote calls: at most `n` run at once, the rest wait their turn in the
 * order they came. One pool per running Clawkeeper, shared by `host status`, the tray's monitor
 * and the login copies, so 100 hosts never mean 100 ssh handshakes at the same moment.
 */
export interface HostPool {
  /** runs `task` when a slot is free; resolves or rejects with it */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** calls running now and waiting now (the progress line reads these) */
  readonly active: number;
  readonly waiting: number;
}

/** A pool of `n` slots (n ≥ 1). */
export function hostPool(n: number): HostPool {
  const size = Math.max(1, Math.floor(n));
  const queue: Array<() => void> = [];
  let active = 0;
  const next = () => {
    if (active >= size) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          // a task that throws synchronously still frees its slot
          void Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
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

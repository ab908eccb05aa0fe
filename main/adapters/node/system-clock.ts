import type { Clock, TimerHandle } from '../../ports/clock.ts';

export class SystemClock implements Clock {
  #timers = new Map<number, NodeJS.Timeout>();
  #next = 1;
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        fn();
      }, ms),
    );
    return { id };
  }
  clearTimeout(handle: TimerHandle): void {
    const t = this.#timers.get(handle.id);
    if (t) clearTimeout(t);
    this.#timers.delete(handle.id);
  }
}

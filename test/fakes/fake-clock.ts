import type { Clock, TimerHandle } from '../../main/ports/clock.ts';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A clock tests drive. `advance` fires due timers in order, setting `now` to each timer's due
 * time and letting the code under test settle after each one, so a month of 8-hour cycles
 * runs in seconds. `sleep` moves time on without firing anything (a laptop lid closed).
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #next = 1;

  constructor(start = Date.UTC(2026, 10, 1, 8, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = { id: this.#next++, due: this.#now + Math.max(0, ms), fn };
    this.#timers.push(t);
    return { id: t.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  get pending(): number {
    return this.#timers.length;
  }

  nextDue(): number | null {
    return this.#timers.reduce<number | null>((m, t) => (m === null || t.due < m ? t.due : m), null);
  }

  async advance(ms: number, settle: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.due);
      due.fn();
      await settle();
    }
    this.#now = end;
    await settle();
  }

  /** Time passes with the machine asleep: timers due meanwhile fire late, on the next advance. */
  sleep(ms: number): void {
    this.#now += ms;
  }
}

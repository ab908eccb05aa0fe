import { toAppError, type AppError } from './errors.ts';

/**
 * Runs tasks one after another, in the order they were queued. A failing task is handed to
 * `onError` (as an `AppError`) and never stops the ones after it.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (e: AppError) => void = () => undefined) {}

  /** Queues `task`; resolves when it has run (never rejects). */
  run(task: () => unknown): Promise<void> {
    this.#tail = this.#tail.then(task).then(
      () => undefined,
      (e: unknown) => this.onError(toAppError(e)),
    );
    return this.#tail;
  }

  /** Resolves when every task queued so far has run. */
  idle(): Promise<void> {
    return this.#tail;
  }

  /**
   * Resolves when the queue is empty, also of tasks queued while waiting (and, each round, of
   * whatever `andThen` waits for).
   */
  async drained(andThen: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.#tail;
      await seen;
      await andThen();
    } while (seen !== this.#tail);
  }
}

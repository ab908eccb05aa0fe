import type { Watcher } from '../../ports/watcher.ts';
import { relevantChange, type WatchPlan } from './watch-plan.ts';

/**
 * The keeper's file watch: follows its plan (re-armed only when the plan changed) and passes on
 * the changes the plan cares about (a state folder's parent is watched for that folder only).
 */
export class KeeperWatch {
  #stop: (() => Promise<void>) | null = null;
  #key = '';

  constructor(
    private readonly watcher: Watcher,
    private readonly onChange: () => void,
  ) {}

  async follow(plan: WatchPlan): Promise<void> {
    const key = JSON.stringify([plan.dirs, [...plan.only].map(([d, n]) => [d, [...n]])]);
    if (key === this.#key) return;
    await this.stop();
    this.#key = key;
    this.#stop = await this.watcher.watch(plan.dirs, (path) => {
      if (relevantChange(plan, path)) this.onChange();
    });
    // anything that changed while the watch was being set up would otherwise go unseen
    this.onChange();
  }

  async stop(): Promise<void> {
    const stop = this.#stop;
    this.#stop = null;
    this.#key = '';
    await stop?.();
  }
}

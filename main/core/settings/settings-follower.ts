import { toAppError } from '../kernel/errors.ts';
import { SerialQueue } from '../kernel/serial-queue.ts';
import { basename, dirname, sep } from 'node:path';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Files } from '../../ports/files.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Watcher } from '../../ports/watcher.ts';
import { loadSettings, startOnlyChanges, type LoadedSettings, type Settings } from './settings.ts';

/** What a long-running keeper (`watch`, the tray app) hears when its settings file changes. */
export type SettingsChange =
  /** the file changed and its settings are in effect now (problem: a guarded field fell back) */
  | {
      readonly kind: 'applied';
      readonly settings: Settings;
      readonly problem: string | null;
      /** changed settings read only at start (`refresh.tokenUrl`, …): in effect after a restart */
      readonly restartFor: readonly string[];
    }
  /** the file was removed: the defaults are in effect */
  | { readonly kind: 'defaults'; readonly settings: Settings; readonly restartFor: readonly string[] }
  /** the file cannot be used as it is: the settings in effect stay, until it is fixed */
  | { readonly kind: 'kept'; readonly problem: string };

export interface SettingsFollowerDeps {
  readonly files: Files;
  readonly watcher: Watcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** the settings file (`settingsPath`) */
  readonly path: string;
  /** what the keeper started with */
  readonly initial: LoadedSettings;
  readonly onChange: (change: SettingsChange) => void;
  /** editors write in several steps (truncate, write, rename): one read after the last event */
  readonly debounceMs?: number;
}

/**
 * Follows the settings file of a running keeper, so an edit takes effect without a restart.
 * Watches the file's folder (editors and `updateSettings` replace the file by rename); a folder
 * that does not exist yet (or is removed) is waited for in its nearest existing ancestor. An edit that breaks the file keeps the
 * settings in effect (a typo must not switch off alert channels or links at 3 a.m.) and says so
 * once per distinct problem; removing the file is a deliberate return to the defaults.
 */
export class SettingsFollower {
  #current: Settings;
  #lastText: string;
  #lastProblem: string | null;
  #timer: TimerHandle | null = null;
  #stopWatch: (() => Promise<void>) | null = null;
  #watchingParent = false;
  #stopped = false;
  readonly #reads = new SerialQueue((e) =>
    this.deps.logger.warn('settings could not be re-read', { error: e.message }),
  );
  #rearming: Promise<void> = Promise.resolve();
  /** the last read found a folder (or a FIFO...) where the file should be */
  #oddEntry = false;

  constructor(private readonly deps: SettingsFollowerDeps) {
    this.#current = deps.initial.settings;
    this.#lastText = JSON.stringify(deps.initial.settings);
    this.#lastProblem = deps.initial.problem;
  }

  /** The settings in effect. */
  get current(): Settings {
    return this.#current;
  }

  /** Settings this keeper wrote itself (the tray app's window): in effect, and not news. */
  adopt(settings: Settings): void {
    this.#current = settings;
    this.#lastText = JSON.stringify(settings);
  }

  async start(): Promise<void> {
    await this.#arm();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#rearming;
    await this.#stopWatch?.().catch(() => undefined);
    this.#stopWatch = null;
    await this.#reads.idle();
  }

  /** Re-reads the file now (the watcher calls this, debounced). */
  reread(): Promise<void> {
    return this.#reads.run(() => this.#read());
  }

  async #arm(): Promise<void> {
    const dir = dirname(this.deps.path);
    // the settings folder, else its nearest existing ancestor (CLAWKEEPER_CONFIG may name a
    // folder several levels from existing yet)
    const target = await this.#nearestFolder(dir);
    this.#watchingParent = target !== dir;
    const stopWatch = await this.deps.watcher.watch([target], (changed) => this.#onEvent(changed));
    if (this.#stopped) {
      await stopWatch().catch(() => undefined);
      return;
    }
    this.#stopWatch = stopWatch;
    // a folder made between the look and the watch being ready sent no event: look once more
    if (this.#watchingParent && (await this.#nearestFolder(dir)) !== target) this.#rearm();
    if (this.#watchingParent)
      this.deps.logger.info('settings folder does not exist yet; waiting for it', { dir, watching: target });
  }

  async #nearestFolder(dir: string): Promise<string> {
    let target = dir;
    while (!(await this.#isDirectory(target)) && dirname(target) !== target) target = dirname(target);
    return target;
  }

  async #isDirectory(path: string): Promise<boolean> {
    return (await this.deps.files.stat(path).catch(() => null))?.isDirectory === true;
  }

  #onEvent(changed: string): void {
    if (this.#stopped) return;
    const dir = dirname(this.deps.path);
    if (this.#watchingParent) {
      // a folder on the way to the settings file appeared: watch closer (the file itself, once
      // its folder is there)
      if (changed === dir || dir.startsWith(changed + sep)) this.#rearm();
      return;
    }
    if (changed === dir) {
      // the settings folder itself was removed (or replaced): its old watch hears nothing more
      this.#rearm();
      return;
    }
    if (basename(changed) !== basename(this.deps.path)) return;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = null;
      void this.reread();
    }, this.deps.debounceMs ?? 250);
  }

  /** Watches again from scratch, one re-arm at a time (two at once would leave a watch running). */
  #rearm(): void {
    this.#rearming = this.#rearming.then(async () => {
      if (this.#stopped) return;
      const old = this.#stopWatch;
      this.#stopWatch = null;
      await old?.().catch(() => undefined);
      if (this.#stopped) return;
      await this.#arm().catch((e: unknown) => {
        this.deps.logger.warn('settings folder could not be watched', { error: toAppError(e).message });
      });
      await this.reread();
    });
  }

  async #read(): Promise<void> {
    if (this.#stopped) return;
    // a file that cannot be read at all (a folder, a FIFO, over the size cap) is `invalid` too
    const loaded = await loadSettings(this.deps.files, this.deps.path);
    if (this.#stopped) return;
    // chokidar that saw the file turn into a folder and back can miss every later edit of it
    // (seen on inotify): once the file is a file again, a fresh watch
    const entry = await this.deps.files.stat(this.deps.path).catch(() => null);
    const odd = entry !== null && !entry.isFile;
    if (this.#oddEntry && !odd) this.#rearm();
    this.#oddEntry = odd;
    if (loaded.invalid) {
      const problem = loaded.problem ?? `settings file ${this.deps.path} is not valid`;
      if (problem === this.#lastProblem) return;
      this.#lastProblem = problem;
      this.deps.onChange({
        kind: 'kept',
        problem: problem.replace(
          /; using defaults until it is fixed$/,
          '; the settings in effect stay until it is fixed',
        ),
      });
      return;
    }
    const text = JSON.stringify(loaded.settings);
    const sameProblem = loaded.problem === this.#lastProblem;
    this.#lastProblem = loaded.problem;
    if (text === this.#lastText && sameProblem) return;
    this.#lastText = text;
    this.#current = loaded.settings;
    const restartFor = startOnlyChanges(this.deps.initial.settings, loaded.settings);
    this.deps.onChange(
      loaded.exists
        ? { kind: 'applied', settings: loaded.settings, problem: loaded.problem, restartFor }
        : { kind: 'defaults', settings: loaded.settings, restartFor },
    );
  }
}

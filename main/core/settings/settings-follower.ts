import { basename, dirname } from 'node:path';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Files } from '../../ports/files.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Watcher } from '../../ports/watcher.ts';
import { loadSettings, type LoadedSettings, type Settings } from './settings.ts';

/** What a long-running keeper (`watch`, the tray app) hears when its settings file changes. */
export type SettingsChange =
  /** the file changed and its settings are in effect now (problem: a guarded field fell back) */
  | { readonly kind: 'applied'; readonly settings: Settings; readonly problem: string | null }
  /** the file was removed: the defaults are in effect */
  | { readonly kind: 'defaults'; readonly settings: Settings }
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
 * that does not exist yet is waited for in its parent. An edit that breaks the file keeps the
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
  #reading: Promise<void> = Promise.resolve();

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
    await this.#stopWatch?.().catch(() => undefined);
    this.#stopWatch = null;
    await this.#reading;
  }

  /** Re-reads the file now (the watcher calls this, debounced). */
  async reread(): Promise<void> {
    this.#reading = this.#reading
      .then(() => this.#read())
      .catch((e: unknown) => {
        this.deps.logger.warn('settings could not be re-read', {
          error: e instanceof Error ? e.message : String(e),
        });
      });
    return this.#reading;
  }

  async #arm(): Promise<void> {
    const dir = dirname(this.deps.path);
    const exists = (await this.deps.files.stat(dir))?.isDirectory === true;
    this.#watchingParent = !exists;
    const target = exists ? dir : dirname(dir);
    this.#stopWatch = await this.deps.watcher.watch([target], (changed) => this.#onEvent(changed));
    if (!exists) this.deps.logger.info('settings folder does not exist yet; waiting for it', { dir });
  }

  #onEvent(changed: string): void {
    if (this.#stopped) return;
    if (this.#watchingParent) {
      if (changed !== dirname(this.deps.path)) return;
      // the settings folder appeared: follow the file inside it from now on
      void this.#rearm();
      return;
    }
    if (basename(changed) !== basename(this.deps.path)) return;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = null;
      void this.reread();
    }, this.deps.debounceMs ?? 250);
  }

  async #rearm(): Promise<void> {
    const old = this.#stopWatch;
    this.#stopWatch = null;
    await old?.().catch(() => undefined);
    if (this.#stopped) return;
    await this.#arm();
    await this.reread();
  }

  async #read(): Promise<void> {
    if (this.#stopped) return;
    const loaded = await loadSettings(this.deps.files, this.deps.path);
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
    this.deps.onChange(
      loaded.exists
        ? { kind: 'applied', settings: loaded.settings, problem: loaded.problem }
        : { kind: 'defaults', settings: loaded.settings },
    );
  }
}

/**
 * When the tray app asks the release feed for a newer Clawkeeper, and what it does with one.
 * OpenClaw changes its stores every few months; a credentials tool that lags breaks logins,
 * so updates are checked by default and offered (downloaded, then installed on the user's
 * click). The `updates.check` setting turns it off.
 */
import { toAppError } from '../kernel/errors.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { UpdateFeed } from '../../ports/update-feed.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** first look shortly after start, not during it */
export const FIRST_CHECK_MS = 5 * MINUTE;
export const CHECK_EVERY_MS = 6 * HOUR;
const RETRY_BASE_MS = 30 * MINUTE;

export interface UpdateCheckState {
  /** consecutive failed checks (network down, feed unreachable) */
  readonly failures: number;
  /** a version already downloaded and offered: no more checks until restart */
  readonly offered: string | null;
  /** at least one check has run */
  readonly checked: boolean;
}

export const INITIAL_UPDATE_STATE: UpdateCheckState = { failures: 0, offered: null, checked: false };

/** The next check: `{inMs, reason}`, or null when there is none to plan. */
export function nextUpdateCheck(
  state: UpdateCheckState,
  enabled: boolean,
): { inMs: number; reason: string } | null {
  if (!enabled) return null;
  if (state.offered !== null) return null;
  if (!state.checked) return { inMs: FIRST_CHECK_MS, reason: 'first check after start' };
  if (state.failures > 0)
    return {
      inMs: Math.min(CHECK_EVERY_MS, RETRY_BASE_MS * 2 ** (state.failures - 1)),
      reason: `retry after ${state.failures} failed check(s)`,
    };
  return { inMs: CHECK_EVERY_MS, reason: 'periodic check' };
}

export interface UpdaterDeps {
  readonly feed: UpdateFeed;
  readonly clock: Clock;
  readonly logger: Logger;
  /** the `updates.check` setting, read before every check */
  enabled(): boolean;
  /** offers a downloaded version to the user; `install` restarts into it */
  offer(version: string, install: () => void): void;
}

export interface Updater {
  /** plans the next check (call again after the setting changed) */
  schedule(): void;
  /** one check now; resolves with what happened */
  checkNow(): Promise<'disabled' | 'current' | 'offered' | 'failed'>;
  readonly state: UpdateCheckState;
  stop(): void;
}

/** The update loop: check, download, offer once; back off on failure; never throws. */
export function createUpdater(d: UpdaterDeps): Updater {
  let state = INITIAL_UPDATE_STATE;
  let timer: TimerHandle | null = null;
  let stopped = false;
  const clear = () => {
    if (timer !== null) d.clock.clearTimeout(timer);
    timer = null;
  };
  const self: Updater = {
    get state() {
      return state;
    },
    schedule() {
      clear();
      if (stopped) return;
      const next = nextUpdateCheck(state, d.enabled());
      if (next === null) return;
      timer = d.clock.setTimeout(() => {
        timer = null;
        void self.checkNow().then(() => self.schedule());
      }, next.inMs);
    },
    async checkNow() {
      if (!d.enabled()) return 'disabled';
      if (state.offered !== null) return 'offered';
      try {
        const found = await d.feed.check();
        if (found === null) {
          state = { ...state, checked: true, failures: 0 };
          return 'current';
        }
        await d.feed.download();
        state = { checked: true, failures: 0, offered: found.version };
        d.logger.info('update downloaded', { version: found.version });
        d.offer(found.version, () => d.feed.install());
        return 'offered';
      } catch (e: unknown) {
        state = { ...state, checked: true, failures: state.failures + 1 };
        d.logger.warn('update check failed', { error: toAppError(e).message });
        return 'failed';
      }
    },
    stop() {
      stopped = true;
      clear();
    },
  };
  return self;
}

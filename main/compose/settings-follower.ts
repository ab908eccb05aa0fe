import { ChokidarWatcher } from '../adapters/node/chokidar-watcher.ts';
import { settingsPath } from '../core/kernel/paths.ts';
import { SettingsFollower, type SettingsChange } from '../core/settings/settings-follower.ts';
import type { Logger } from '../ports/logger.ts';
import type { AppContext } from './context.ts';

/** The settings follower of a running keeper (`watch`, the tray app), on chokidar. */
export function createSettingsFollower(
  ctx: AppContext,
  logger: Logger,
  onChange: (change: SettingsChange) => void,
): SettingsFollower {
  return new SettingsFollower({
    files: ctx.writer.files,
    watcher: new ChokidarWatcher(),
    clock: ctx.clock,
    logger,
    path: settingsPath(ctx.env),
    initial: ctx.loaded,
    trust: ctx.trust,
    onChange,
  });
}

/**
 * The update port over electron-updater: the GitHub release feed electron-builder publishes
 * (`latest.yml`, `latest-mac.yml`, `latest-linux.yml`). Downloads only when the policy says so.
 */
import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../ports/logger.ts';
import type { UpdateFeed } from '../ports/update-feed.ts';

/** Wraps electron-updater's `autoUpdater`; an unpackaged app (`npm start`) finds nothing. */
export function electronUpdaterFeed(u: AppUpdater, logger: Logger): UpdateFeed {
  u.autoDownload = false;
  u.autoInstallOnAppQuit = true;
  u.logger = {
    info: (m?: unknown) => logger.debug('updater', { message: String(m) }),
    warn: (m?: unknown) => logger.warn('updater', { message: String(m) }),
    error: (m?: unknown) => logger.warn('updater', { message: String(m) }),
    debug: (m: string) => logger.debug('updater', { message: m }),
  };
  return {
    async check() {
      const r = await u.checkForUpdates();
      return r !== null && r.isUpdateAvailable ? { version: r.updateInfo.version } : null;
    },
    async download() {
      await u.downloadUpdate();
    },
    install() {
      u.quitAndInstall();
    },
  };
}

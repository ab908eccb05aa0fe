/**
 * Native notifications driven by the pure policy: shows what it decides, routes a click to
 * the window on the fix (or the paste dialog), and offers "Snooze 1 day" where the OS has
 * notification buttons (macOS).
 *
 * Electron holds a shown `Notification` only weakly: once garbage-collected its click and
 * action handlers never run (electron/electron#16922). So every shown notification is kept
 * here until it is clicked, closed or fails, capped so a desktop that never reports `close`
 * cannot grow the set without bound.
 */
import type { StatusReport } from '../core/health/report.ts';
import type { KeeperEvent } from '../core/contracts.ts';
import type { Logger } from '../ports/logger.ts';
import {
  decideNotices,
  EMPTY_MEMORY,
  snooze,
  type Notice,
  type NoticeTarget,
  type PolicyMemory,
} from '../core/notify/notification-policy.ts';
import type { ElectronApi, NotificationLike } from './electron-api.ts';

const DAY = 86_400_000;
/** notifications kept alive at most; the oldest is let go first */
export const MAX_LIVE_NOTIFICATIONS = 32;

export interface NotifierDeps {
  readonly electron: Pick<ElectronApi, 'Notification'>;
  readonly logger: Logger;
  now(): number;
  settings(): { enabled: boolean; staticWarnDays: readonly number[]; usageThresholds?: readonly number[] };
  open(target: NoticeTarget): void;
}

export interface Notifier {
  /** feeds one keeper event (with the latest report) through the policy */
  handle(event: KeeperEvent | null, report: StatusReport | null): Notice[];
  snooze(key: string, ms?: number): void;
  /** shows one notice regardless of the policy (the smoke test); returns the native object */
  show(notice: Notice): NotificationLike;
  /** how many shown notifications are held for their click handlers */
  readonly live: number;
}

/** Creates the notifier; memory lives as long as the app (a restart may notify once more). */
export function createNotifier(d: NotifierDeps): Notifier {
  let memory: PolicyMemory = EMPTY_MEMORY;
  const live = new Set<NotificationLike>();
  const supported = d.electron.Notification.isSupported();
  const self: Notifier = {
    handle(event, report) {
      const s = d.settings();
      const r = decideNotices(memory, {
        report,
        event,
        now: d.now(),
        enabled: s.enabled && supported,
        warnDays: s.staticWarnDays,
        ...(s.usageThresholds ? { usageThresholds: s.usageThresholds } : {}),
      });
      memory = r.memory;
      for (const n of r.notices) self.show(n);
      return r.notices;
    },
    show(n) {
      const shown = new d.electron.Notification({
        title: n.title,
        body: n.body,
        actions: [{ type: 'button', text: 'Snooze 1 day' }],
      });
      live.add(shown);
      const release = () => void live.delete(shown);
      shown.on('click', () => {
        release();
        d.open(n.target);
      });
      shown.on('action', (_e, index) => {
        release();
        if (index === 0) self.snooze(n.key);
      });
      shown.on('close', release);
      shown.on('failed', (_e, error) => {
        release();
        d.logger.warn('notification failed', { key: n.key, error });
      });
      for (const old of live) {
        if (live.size <= MAX_LIVE_NOTIFICATIONS) break;
        live.delete(old);
      }
      shown.show();
      d.logger.info('notified', { key: n.key, level: n.level });
      return shown;
    },
    get live() {
      return live.size;
    },
    snooze(key, ms = DAY) {
      memory = snooze(memory, key, d.now() + ms);
      d.logger.info('notification snoozed', { key, ms });
    },
  };
  return self;
}

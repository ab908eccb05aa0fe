/**
 * Native notifications driven by the pure policy: shows what it decides, routes a click to
 * the window on the fix (or the paste dialog), and offers "Snooze 1 day" where the OS has
 * notification buttons (macOS).
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
import type { ElectronApi } from './electron-api.ts';

const DAY = 86_400_000;

export interface NotifierDeps {
  readonly electron: Pick<ElectronApi, 'Notification'>;
  readonly logger: Logger;
  now(): number;
  settings(): { enabled: boolean; staticWarnDays: readonly number[] };
  open(target: NoticeTarget): void;
}

export interface Notifier {
  /** feeds one keeper event (with the latest report) through the policy */
  handle(event: KeeperEvent | null, report: StatusReport | null): Notice[];
  snooze(key: string, ms?: number): void;
}

/** Creates the notifier; memory lives as long as the app (a restart may notify once more). */
export function createNotifier(d: NotifierDeps): Notifier {
  let memory: PolicyMemory = EMPTY_MEMORY;
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
      });
      memory = r.memory;
      for (const n of r.notices) {
        const shown = new d.electron.Notification({
          title: n.title,
          body: n.body,
          actions: [{ type: 'button', text: 'Snooze 1 day' }],
        });
        shown.on('click', () => d.open(n.target));
        shown.on('action', (_e, index) => {
          if (index === 0) self.snooze(n.key);
        });
        shown.show();
        d.logger.info('notified', { key: n.key, level: n.level });
      }
      return r.notices;
    },
    snooze(key, ms = DAY) {
      memory = snooze(memory, key, d.now() + ms);
      d.logger.info('notification snoozed', { key, ms });
    },
  };
  return self;
}

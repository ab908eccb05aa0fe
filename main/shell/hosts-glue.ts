/**
 * The remote hosts in the tray app: starts the hosts monitor, and whenever a host answers
 * refreshes the window and the tray and raises the notices the policy decides, each naming its
 * host. Kept out of index.ts so the composition root stays about app lifecycle.
 */
import type { AppServices } from '../core/contracts.ts';
import { hostNotices, type HostsMemory } from '../core/hosts/host-notices.ts';
import type { Logger } from '../ports/logger.ts';
import type { ElectronApi } from './electron-api.ts';

export interface HostsGlueDeps {
  readonly electron: Pick<ElectronApi, 'Notification'>;
  readonly services: AppServices;
  readonly logger: Logger;
  now(): number;
  /** the window and the tray show the new picture */
  changed(): void;
  /** a notification click: the window on the fix with the command to run */
  open(target: { credential: string; command: string | null; reason: string }): void;
}

/** Starts watching the hosts; returns the function that stops it. */
export function attachHosts(d: HostsGlueDeps): () => void {
  const hosts = d.services.hosts;
  if (!hosts) return () => undefined;
  let memory: HostsMemory = {};
  const supported = d.electron.Notification.isSupported();
  const off = hosts.on((parts) => {
    d.changed();
    const s = d.services.settings().notifications;
    const r = hostNotices(memory, parts, {
      now: d.now(),
      enabled: s.enabled && supported,
      warnDays: s.staticWarnDays,
    });
    memory = r.memory;
    for (const n of r.notices) {
      const shown = new d.electron.Notification({ title: n.title, body: n.body });
      const t = n.target;
      shown.on('click', () =>
        d.open(
          t.view === 'fix'
            ? { credential: t.credential, command: t.command, reason: t.reason }
            : { credential: '', command: null, reason: n.body },
        ),
      );
      shown.show();
      d.logger.info('notified', { key: n.key, level: n.level });
    }
  });
  hosts.start();
  return () => {
    off();
    hosts.stop();
  };
}

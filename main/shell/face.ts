/**
 * The tray app's face: the window and its IPC, native notifications, the tray menu and what its
 * clicks do. Built once by `createApp`; the running keeper behind it comes from main/compose.
 */
import type { AppServices, KeeperEvent } from '../core/contracts.ts';
import { toAppError } from '../core/kernel/errors.ts';
import type { AppStatus } from '../ipc/contract.ts';
import { registerIpc } from '../ipc/register.ts';
import type { Logger } from '../ports/logger.ts';
import type { ElectronApi } from './electron-api.ts';
import { attachHosts } from './hosts-glue.ts';
import type { LoginItem } from './login-item.ts';
import { createNotifier, type Notifier } from './notifications.ts';
import { createTray, type TrayController } from './tray.ts';
import type { TrayAction } from './tray-menu.ts';
import { createWindow, type WindowController } from './window.ts';

/** Logs a background task's failure instead of letting it float. */
export const background = (logger: Logger, what: string, p: Promise<unknown>) =>
  p.catch((e: unknown) => logger.error(`${what} failed`, { error: toAppError(e).message }));

export interface FaceOptions {
  readonly electron: ElectronApi;
  readonly services: AppServices;
  readonly logger: Logger;
  readonly paths: { readonly preload: string; readonly rendererIndex: string; readonly assets: string };
  readonly devTools?: boolean;
  readonly platform: NodeJS.Platform;
  readonly now: () => number;
  readonly loginItem: LoginItem;
  /** the app's own quit (the tray's Quit) */
  readonly quit: () => void;
}

export interface Face {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  /** removes every listener and handler the face added, the tray and the window */
  detach(): void;
  /** true once the app is quitting: closing the window then really closes it */
  quitting: boolean;
}

/** The tray app's surface: the window and its IPC, native notifications, the tray and its actions. */
export function buildFace(f: FaceOptions): Face {
  const { electron, services, logger, now, loginItem } = f;
  const keeper = services.keeper;
  let quitting = false;
  const status = (): AppStatus => ({
    report: keeper.current(),
    paused: keeper.paused,
    now: now(),
    hosts: services.hosts?.current() ?? null,
  });
  const window = createWindow({
    electron,
    preloadPath: f.paths.preload,
    indexPath: f.paths.rendererIndex,
    devTools: f.devTools ?? false,
    logger,
    isQuitting: () => quitting,
  });
  const showFix = (t: { credential: string; reason?: string; command?: string | null }) =>
    void window.show({
      view: 'fix',
      credential: t.credential,
      ...(t.reason !== undefined ? { reason: t.reason } : {}),
      ...(t.command ? { command: t.command } : {}),
    });
  const openLogs = () => electron.shell.openPath(services.logsDir);
  const unregister = registerIpc({
    ipcMain: electron.ipcMain,
    services,
    ourWindow: () => window.ours(),
    status,
    loginItem,
    openLogs: async () => void (await openLogs()),
    copy: (text) => electron.clipboard.writeText(text),
    openExternal: (url) => electron.shell.openExternal(url),
    logger,
  });
  const notifier = createNotifier({
    electron,
    logger,
    now,
    settings: () => services.settings().notifications,
    open: (target) => (target.view === 'fix' ? showFix(target) : void window.show(target)),
  });
  const tray = createTray({
    electron,
    assetsDir: f.paths.assets,
    platform: f.platform,
    input: () => ({ ...status(), startAtLogin: loginItem.isEnabled() }),
    act: (a) =>
      trayAction(a, {
        services,
        window,
        loginItem,
        logger,
        openLogs,
        update: () => tray.update(),
        quit: f.quit,
      }),
  });
  const unsubscribe = keeper.on((e: KeeperEvent) => {
    window.send('keeper:event', e);
    if (e.type === 'status' || e.type === 'paused' || e.type === 'resumed')
      window.send('status:changed', status());
    tray.update();
    notifier.handle(e, keeper.current());
  });
  const detachHosts = attachHosts({
    electron,
    services,
    logger,
    now,
    changed: () => (window.send('status:changed', status()), tray.update()),
    open: showFix,
  });
  return {
    window,
    tray,
    notifier,
    get quitting() {
      return quitting;
    },
    set quitting(v: boolean) {
      quitting = v;
    },
    detach: () => {
      unsubscribe();
      detachHosts();
      tray.destroy();
      unregister();
      window.destroy();
    },
  };
}

/** What a click in the tray menu does. */
function trayAction(
  a: TrayAction,
  d: {
    services: AppServices;
    window: WindowController;
    loginItem: LoginItem;
    logger: Logger;
    openLogs: () => Promise<unknown>;
    update: () => void;
    quit: () => void;
  },
): void {
  const { services, window, loginItem, logger } = d;
  const keeper = services.keeper;
  switch (a.kind) {
    case 'open-credential': {
      const c = keeper.current()?.credentials.find((x) => x.id === a.id);
      return void window.show(
        c === undefined || c.state === 'ok' ? { view: 'credentials' } : { view: 'fix', credential: a.id },
      );
    }
    case 'refresh':
      return void background(logger, 'refresh', keeper.refreshNow());
    case 'sync':
      return void background(logger, 'sync', keeper.syncNow());
    case 'paste':
      return void window.show({ view: 'paste' });
    case 'hosts-refresh':
      return void background(logger, 'checking hosts', services.hosts?.refresh() ?? Promise.resolve());
    case 'doctor':
      return void window.show({ view: 'doctor' });
    case 'open':
      return void window.show();
    case 'logs':
      return void background(logger, 'open logs', d.openLogs());
    case 'toggle-login':
      loginItem.setEnabled(!loginItem.isEnabled());
      return d.update();
    case 'toggle-pause':
      if (keeper.paused) keeper.resume();
      else keeper.pause();
      return d.update();
    case 'quit':
      return d.quit();
  }
}

/**
 * Composition root of the tray app. `createApp()` takes the electron module and the services
 * by injection, so tests run this very file on a fake Electron; `runElectronApp()` is the real
 * entry and is only called when Electron itself loads dist/main.cjs.
 */
import { join } from 'node:path';
import type { AppServices, KeeperEvent } from './core/contracts.ts';
import type { Logger } from './ports/logger.ts';
import type { AppStatus } from './ipc/contract.ts';
import { registerIpc } from './ipc/register.ts';
import type { ElectronApi } from './shell/electron-api.ts';
import { createLoginItem, type LoginItem } from './shell/login-item.ts';
import { createNotifier, type Notifier } from './shell/notifications.ts';
import { installSessionSecurity } from './shell/security.ts';
import { createTray, type TrayController } from './shell/tray.ts';
import type { TrayAction } from './shell/tray-menu.ts';
import { createWindow, type WindowController } from './shell/window.ts';
import { redactingLogger, redactionHook } from './adapters/log/redacting-logger.ts';

export interface AppPaths {
  readonly preload: string;
  readonly rendererIndex: string;
  readonly assets: string;
}

export interface CreateAppOptions {
  readonly electron: ElectronApi;
  /** keeper, paste-token and doctor: the real ones come from a `ServicesFactory` (below) */
  readonly services: AppServices;
  readonly logger: Logger;
  readonly paths: AppPaths;
  readonly platform?: NodeJS.Platform;
  readonly loginItem?: LoginItem;
  readonly now?: () => number;
  readonly devTools?: boolean;
}

export interface RunningApp {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  readonly loginItem: LoginItem;
  /** stops the keeper, removes tray and handlers, then quits Electron */
  quit(): Promise<void>;
}

/** Builds and starts the tray app; null when another instance already runs (it gets focused). */
export async function createApp(o: CreateAppOptions): Promise<RunningApp | null> {
  const { electron, services, logger } = o;
  const { app } = electron;
  const platform = o.platform ?? process.platform;
  const now = o.now ?? Date.now;
  const keeper = services.keeper;
  if (!app.requestSingleInstanceLock()) {
    logger.info('another Clawkeeper is running; handing over to it');
    app.quit();
    return null;
  }
  if (platform === 'darwin') app.dock?.hide();
  await app.whenReady();
  installSessionSecurity(electron.session.defaultSession);

  let quitting = false;
  let done = false;
  const loginItem =
    o.loginItem ?? createLoginItem({ platform, app, env: process.env, execPath: process.execPath });
  const status = (): AppStatus => ({ report: keeper.current(), paused: keeper.paused, now: now() });
  const window = createWindow({
    electron,
    preloadPath: o.paths.preload,
    indexPath: o.paths.rendererIndex,
    devTools: o.devTools ?? false,
    logger,
    isQuitting: () => quitting,
  });
  const unregister = registerIpc({
    ipcMain: electron.ipcMain,
    services,
    windowId: () => window.id(),
    rendererUrl: window.rendererUrl,
    status,
    loginItem,
    openLogs: async () => void (await electron.shell.openPath(services.logsDir)),
    copy: (text) => electron.clipboard.writeText(text),
    openExternal: (url) => electron.shell.openExternal(url),
    logger,
  });
  const notifier = createNotifier({
    electron,
    logger,
    now,
    settings: () => services.settings().notifications,
    open: (target) =>
      void window.show(
        target.view === 'fix'
          ? {
              view: 'fix',
              credential: target.credential,
              reason: target.reason,
              ...(target.command !== null ? { command: target.command } : {}),
            }
          : target,
      ),
  });
  const background = (what: string, p: Promise<unknown>) =>
    p.catch((e: unknown) =>
      logger.error(`${what} failed`, { error: e instanceof Error ? e.message : String(e) }),
    );

  const act = (a: TrayAction): void => {
    switch (a.kind) {
      case 'open-credential': {
        const c = keeper.current()?.credentials.find((x) => x.id === a.id);
        return void window.show(
          c === undefined || c.state === 'ok' ? { view: 'credentials' } : { view: 'fix', credential: a.id },
        );
      }
      case 'refresh':
        return void background('refresh', keeper.refreshNow());
      case 'sync':
        return void background('sync', keeper.syncNow());
      case 'paste':
        return void window.show({ view: 'paste' });
      case 'doctor':
        return void window.show({ view: 'doctor' });
      case 'open':
        return void window.show();
      case 'logs':
        return void background('open logs', electron.shell.openPath(services.logsDir));
      case 'toggle-login':
        loginItem.setEnabled(!loginItem.isEnabled());
        return tray.update();
      case 'toggle-pause':
        if (keeper.paused) keeper.resume();
        else keeper.pause();
        return tray.update();
      case 'quit':
        return void quit();
    }
  };
  const tray = createTray({
    electron,
    assetsDir: o.paths.assets,
    platform,
    input: () => ({
      report: keeper.current(),
      paused: keeper.paused,
      now: now(),
      startAtLogin: loginItem.isEnabled(),
    }),
    act,
  });

  const onEvent = (e: KeeperEvent) => {
    window.send('keeper:event', e);
    if (e.type === 'status' || e.type === 'paused' || e.type === 'resumed')
      window.send('status:changed', status());
    tray.update();
    notifier.handle(e, keeper.current());
  };
  const unsubscribe = keeper.on(onEvent);

  let stopping: Promise<void> | null = null;
  const shutdown = () =>
    (stopping ??= (async () => {
      quitting = true;
      unsubscribe();
      await background('stopping the keeper', keeper.stop());
      tray.destroy();
      unregister();
      window.destroy();
      done = true;
      logger.info('Clawkeeper stopped');
    })());
  const quit = async () => {
    await shutdown();
    app.quit();
  };
  app.on('before-quit', (e) => {
    if (done) return;
    e.preventDefault();
    void quit();
  });
  app.on('window-all-closed', () => {}); // live in the tray: closing the window never quits
  app.on('second-instance', () => void window.show());
  app.on('activate', () => void window.show());

  await background('starting the keeper', keeper.start());
  tray.update();
  notifier.handle(null, keeper.current());
  logger.info('Clawkeeper started', { platform });
  return { window, tray, notifier, loginItem, quit };
}

/** What the lead plugs in: builds the real keeper, paste-token and doctor services. */
export type ServicesFactory = (ctx: {
  userData: string;
  logsDir: string;
  logger: Logger;
}) => Promise<AppServices>;

/** The real Electron entry: electron-log with redaction, then `createApp` with real services. */
export async function runElectronApp(createServices: ServicesFactory): Promise<void> {
  const electron: ElectronApi = await import('electron');
  const log = (await import('electron-log/main')).default;
  log.initialize();
  log.transports.file.maxSize = 2 * 1024 * 1024; // rotates to main.old.log
  log.hooks.push(redactionHook);
  const logger = redactingLogger(log);
  const dist = __dirname; // dist/main.cjs, next to preload.cjs and renderer/
  try {
    const services = await createServices({
      userData: electron.app.getPath('userData'),
      logsDir: electron.app.getPath('logs'),
      logger,
    });
    await createApp({
      electron,
      services,
      logger,
      paths: {
        preload: join(dist, 'preload.cjs'),
        rendererIndex: join(dist, 'renderer', 'index.html'),
        assets: join(dist, '..', 'assets'),
      },
    });
  } catch (e: unknown) {
    logger.error('Clawkeeper could not start', { error: e instanceof Error ? e.message : String(e) });
    electron.app.quit();
  }
}

/** The real services: the same keeper, paste-token and doctor as the CLI, logging through electron-log. */
const createRealServices: ServicesFactory = async ({ logsDir, logger }) => {
  const { createNodeServices } = await import('./compose/tray-services.ts');
  return createNodeServices({ vars: process.env, logger, logsDir });
};

if (process.versions['electron'] !== undefined) void runElectronApp(createRealServices);

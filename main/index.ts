/**
 * Composition root of the tray app. `createApp()` takes the electron module and the services
 * by injection, so tests run this very file on a fake Electron; `runElectronApp()` is the real
 * entry and is only called when Electron itself loads dist/main.cjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppServices, KeeperEvent } from './core/contracts.ts';
import { createUpdater, type Updater } from './core/updates/update-policy.ts';
import type { UpdateFeed } from './ports/update-feed.ts';
import type { Clock } from './ports/clock.ts';
import { SystemClock } from './adapters/node/system-clock.ts';
import { NodeProcessRunner } from './adapters/node/node-process-runner.ts';
import { guiPath } from './adapters/node/login-shell-path.ts';
import { APP_ID } from './shell/identity.ts';
import { runSmokeTest, SMOKE_FLAG, type SmokeChecks } from './shell/smoke-test.ts';
import type { Logger } from './ports/logger.ts';
import type { AppStatus } from './ipc/contract.ts';
import { registerIpc } from './ipc/register.ts';
import type { ElectronApi } from './shell/electron-api.ts';
import { attachHosts } from './shell/hosts-glue.ts';
import {
  createLoginItem,
  HIDDEN_FLAG,
  LOGIN_ITEMS_SETTINGS_URL,
  type LoginItem,
} from './shell/login-item.ts';
import { createNotifier, type Notifier } from './shell/notifications.ts';
import { installSessionSecurity } from './shell/security.ts';
import { onSystemShutdown } from './shell/system-shutdown.ts';
import { createTray, type TrayController } from './shell/tray.ts';
import type { TrayAction } from './shell/tray-menu.ts';
import { createWindow, type WindowController } from './shell/window.ts';
import { redactingLogger, redactionHook } from './adapters/log/redacting-logger.ts';

export { SMOKE_FLAG };

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
  /** the app's own arguments (`--hidden` from the autostart entry, `--smoke-test`) */
  readonly argv?: readonly string[];
  /** the release feed; none (tests, `npm start`) means no update checks */
  readonly updateFeed?: UpdateFeed | undefined;
  /** the clock update checks are planned on (tests pass a FakeClock) */
  readonly updateClock?: Clock;
  /** the caller already holds the single-instance lock (runElectronApp takes it before building services) */
  readonly lockTaken?: boolean;
}

export interface RunningApp {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  readonly loginItem: LoginItem;
  readonly updater: Updater | null;
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
  if (o.lockTaken !== true && !app.requestSingleInstanceLock()) {
    logger.info('another Clawkeeper is running; handing over to it');
    app.quit();
    return null;
  }
  if (platform === 'darwin') app.dock?.hide();
  // Windows attributes toasts by this id; set before the first notification (APP_ID = appId)
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  installSessionSecurity(electron.session.defaultSession);
  const argv = o.argv ?? [];

  let quitting = false;
  let done = false;
  const loginItem =
    o.loginItem ?? createLoginItem({ platform, app, env: process.env, execPath: process.execPath });
  const status = (): AppStatus => ({
    report: keeper.current(),
    paused: keeper.paused,
    now: now(),
    hosts: services.hosts?.current() ?? null,
  });
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
    ourWindow: () => window.ours(),
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
      case 'hosts-refresh':
        return void background('checking hosts', services.hosts?.refresh() ?? Promise.resolve());
      case 'doctor':
        return void window.show({ view: 'doctor' });
      case 'open':
        return void window.show();
      case 'logs':
        return void background('open logs', electron.shell.openPath(services.logsDir));
      case 'toggle-login':
        // waiting for approval: only the user can allow it, in System Settings
        if (loginItem.needsApproval?.() === true)
          return void background('open Login Items', electron.shell.openExternal(LOGIN_ITEMS_SETTINGS_URL));
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
      loginNeedsApproval: loginItem.needsApproval?.() === true,
      hosts: services.hosts?.current() ?? null,
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
  const detachHosts = attachHosts({
    electron,
    services,
    logger,
    now,
    changed: () => (window.send('status:changed', status()), tray.update()),
    open: (t) =>
      void window.show({
        view: 'fix',
        credential: t.credential,
        reason: t.reason,
        ...(t.command ? { command: t.command } : {}),
      }),
  });

  const updater =
    o.updateFeed === undefined
      ? null
      : createUpdater({
          feed: o.updateFeed,
          clock: o.updateClock ?? new SystemClock(),
          logger,
          enabled: () => services.settings().updates?.check !== false,
          offer: (version, install) => {
            const n = notifier.show({
              key: `update:${version}`,
              level: 0,
              title: `Clawkeeper ${version} is ready`,
              body: 'Click to restart into the new version (or it installs when you quit).',
              target: { view: 'doctor' },
            });
            // electron-updater closes our windows before before-quit: stop first, so none refuses
            n.on('click', () => void shutdown().then(install));
          },
        });

  let stopping: Promise<void> | null = null;
  const shutdown = () =>
    (stopping ??= (async () => {
      quitting = true;
      stopListening();
      updater?.stop();
      unsubscribe();
      detachHosts();
      tray.destroy();
      unregister();
      window.destroy();
      // the follower first: an edit during the stop must not start another pass
      await background(
        'stopping the settings follower',
        services.settingsFollower?.stop() ?? Promise.resolve(),
      );
      await background('stopping the keeper', keeper.stop());
      await background('stopping the alert channels', services.alerts?.stop() ?? Promise.resolve());
      done = true;
      logger.info('Clawkeeper stopped');
    })());
  const quit = async () => {
    await shutdown();
    app.quit();
  };
  // a shutdown, restart or log-off stops the keeper first (on Windows nothing else would)
  const stopListening = onSystemShutdown({ electron, platform, stop: shutdown, quit: () => app.quit() });
  // Never cancel a quit: on macOS a cancelled before-quit blocks logout and shutdown. The
  // keeper stops on its way out; its writes are atomic, so an interrupted stop loses nothing.
  app.on('before-quit', () => {
    if (!done) void shutdown();
  });
  app.on('window-all-closed', () => {}); // live in the tray: closing the window never quits
  app.on('second-instance', () => void window.show());
  app.on('activate', () => void window.show());

  // the channels first: the keeper's first events reach them (and what was queued goes out)
  await background('starting the alert channels', services.alerts?.start() ?? Promise.resolve());
  await background('following the settings file', services.settingsFollower?.start() ?? Promise.resolve());
  await background('starting the keeper', keeper.start());
  tray.update();
  notifier.handle(null, keeper.current());
  updater?.schedule();
  // GNOME without an AppIndicator extension shows no tray: a launch by hand opens the window,
  // a launch at login (autostart passes --hidden) stays in the tray
  if (platform === 'linux' && !argv.includes(HIDDEN_FLAG) && !argv.includes(SMOKE_FLAG)) void window.show();
  logger.info('Clawkeeper started', { platform });
  return { window, tray, notifier, loginItem, updater, quit };
}

/** What the lead plugs in: builds the real keeper, paste-token and doctor services. */
export type ServicesFactory = (ctx: {
  userData: string;
  logsDir: string;
  logger: Logger;
}) => Promise<AppServices>;

/**
 * The real Electron entry: a redacting file log, the login shell's PATH on macOS, then
 * `createApp` with real services. Logging uses electron-log's Node logger on purpose:
 * `electron-log/main`'s `initialize()` registers a preload of its own (written to the
 * user-data folder, outside the integrity-checked app.asar) and IPC channels, and puts
 * `window.__electronLog` into our page. A start-up failure says so in a dialog and exits 1.
 */
export async function runElectronApp(
  createServices: ServicesFactory,
  o: {
    argv?: readonly string[];
    platform?: NodeJS.Platform;
    /** tests: the fake Electron, and where the built bundles are (the source has no __dirname) */
    electron?: ElectronApi;
    dist?: string;
  } = {},
): Promise<void> {
  const electron: ElectronApi = o.electron ?? (await import('electron'));
  const argv = o.argv ?? process.argv.slice(1);
  const platform = o.platform ?? process.platform;
  const smoke = argv.includes(SMOKE_FLAG);
  const logsDir = electron.app.getPath('logs');
  const log = (await import('electron-log/node')).default;
  log.transports.file.resolvePathFn = () => join(logsDir, 'main.log');
  log.transports.file.maxSize = 2 * 1024 * 1024; // rotates to main.old.log
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' }; // nobody else's
  log.transports.console.level = smoke ? 'warn' : 'info';
  log.hooks.push(redactionHook);
  const logger = redactingLogger(log);
  const dist = o.dist ?? __dirname; // dist/main.cjs, next to preload.cjs and renderer/
  // each smoke-test line on stdout and in the log: a Windows GUI app's stdout goes nowhere
  const print = (line: string) => {
    process.stdout.write(`${line}\n`);
    logger.info(line);
  };
  const checks = smokeChecks(electron);
  // the lock before anything is built: a second launch must not start services (file watchers,
  // the settings follower, alert duty) only to hand over and quit
  if (!electron.app.requestSingleInstanceLock()) {
    logger.info('another Clawkeeper is running; handing over to it');
    if (smoke) return electron.app.exit(await runSmokeTest(null, print, checks));
    return electron.app.quit();
  }
  try {
    const path = await guiPath({ platform, runner: new NodeProcessRunner(), env: process.env });
    if (path !== undefined) process.env['PATH'] = path;
    const services = await createServices({
      userData: electron.app.getPath('userData'),
      logsDir,
      logger,
    });
    const running = await createApp({
      electron,
      services,
      logger,
      platform,
      argv,
      paths: {
        preload: join(dist, 'preload.cjs'),
        rendererIndex: join(dist, 'renderer', 'index.html'),
        assets: join(dist, '..', 'assets'),
      },
      // an unpackaged app (npm start, the fake) has no feed to follow: electron-updater would only skip
      ...(smoke || electron.app.isPackaged !== true ? {} : { updateFeed: await loadUpdateFeed(logger) }),
      lockTaken: true,
    });
    if (smoke) electron.app.exit(await runSmokeTest(running, print, checks));
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    logger.error('Clawkeeper could not start', { error: message });
    const text = `${message}\n\nThe log is in ${logsDir}.`;
    if (smoke) process.stderr.write(`smoke-test: FAILED start: ${text}\n`);
    else electron.dialog.showErrorBox('Clawkeeper could not start', text);
    electron.app.exit(1);
  }
}

/** The smoke test's checks of the keyring module and the packaged update config. */
function smokeChecks(electron: ElectronApi): SmokeChecks {
  return {
    keyring: async () =>
      (await import('./adapters/keychain/napi-keyring-vault.ts')).readMissingKeyringEntry(),
    updateConfig: () => {
      const resources = (process as { resourcesPath?: string }).resourcesPath;
      if (electron.app.isPackaged !== true || resources === undefined) return null;
      const path = join(resources, 'app-update.yml');
      return { path, text: existsSync(path) ? readFileSync(path, 'utf8') : null };
    },
  };
}

/** electron-updater over the release feed; loaded lazily (it needs the electron module). */
async function loadUpdateFeed(logger: Logger): Promise<UpdateFeed | undefined> {
  try {
    const { autoUpdater } = await import('electron-updater');
    const { electronUpdaterFeed } = await import('./shell/electron-updater-feed.ts');
    return electronUpdaterFeed(autoUpdater, logger);
  } catch (e: unknown) {
    logger.warn('updates are unavailable', { error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}

/** The real services: the same keeper, paste-token and doctor as the CLI, logging through electron-log. */
const createRealServices: ServicesFactory = async ({ logsDir, logger }) => {
  const { createNodeServices } = await import('./compose/tray-services.ts');
  return createNodeServices({ vars: process.env, logger, logsDir });
};

if (process.versions['electron'] !== undefined) void runElectronApp(createRealServices);

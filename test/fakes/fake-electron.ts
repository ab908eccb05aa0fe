/**
 * A strict fake Electron implementing exactly the shell's subset (main/shell/electron-api.ts), so
 * the real main/index.ts (and the built dist/main.cjs) runs in plain Node. Windows are real
 * headless Chromium pages (see fake-browser-window.ts); everything else records what the app did.
 *
 * It refuses what real Electron refuses, or quietly gets wrong: `Tray`, `BrowserWindow`,
 * `Notification` and `session` throw before `ready` (which comes asynchronously, as in Electron);
 * shown notifications are held only through a `WeakRef`, as Electron does, so a notification the
 * app dropped loses its click after a garbage collection; `loadFile` builds its URL with
 * `url.format` as Electron does; preloads registered on the session run in every page;
 * `app.quit()` emits `before-quit` and then `close` on each window (either can cancel it);
 * tray images must exist; `setLoginItemSettings` refuses `openAsHidden` (gone in Electron 45,
 * where it is ignored without a word); on win32 a toast without an AppUserModelID fails.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type {
  ElectronApi,
  MenuItemOptions,
  NotificationOptions,
  PreventableEvent,
  SessionLike,
  TrayLike,
  WindowOptions,
} from '../../main/shell/electron-api.ts';
import type { InvokeEventLike, IpcMainLike } from '../../main/ipc/register.ts';
import { FakeBrowserWindow, preventable, type WindowHost } from './fake-browser-window.ts';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly #l = new Map<string, Listener[]>();
  on(event: string, l: Listener): this {
    this.#l.set(event, [...(this.#l.get(event) ?? []), l]);
    return this;
  }
  removeListener(event: string, l: Listener): this {
    this.#l.set(
      event,
      (this.#l.get(event) ?? []).filter((x) => x !== l),
    );
    return this;
  }
  listenerCount(event: string): number {
    return (this.#l.get(event) ?? []).length;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const ls = this.#l.get(event) ?? [];
    for (const l of ls) (l as (...a: unknown[]) => unknown)(...args);
    return ls.length > 0;
  }
}

export interface IpcRecord {
  readonly channel: string;
  readonly args: unknown[];
  readonly result: unknown;
}

export interface FakeElectronOptions {
  readonly browser: Browser | null;
  readonly preloadPath: string;
  readonly home: string;
  readonly singleInstance?: boolean;
  /** `app.isPackaged`: an installed app, whose resources folder holds app-update.yml */
  readonly packaged?: boolean;
  /** the OS the fake plays (win32: toasts need an AppUserModelID) */
  readonly platform?: NodeJS.Platform;
  /** what `app.exit(code)` does beyond recording it (the child-process host exits) */
  onExit?(code: number): void;
}

/** What a test sees of one shown notification: its options, and a click through a weak reference. */
export interface NotificationRecord {
  readonly options: NotificationOptions;
  readonly shown: boolean;
  /** false once the native object was garbage-collected: its handlers are gone */
  readonly alive: boolean;
  click(): void;
  action(index: number): void;
  close(): void;
}

function notReady(what: string): Error {
  return new Error(`${what} cannot be used before the app is ready (await app.whenReady())`);
}

/** Builds one fake Electron world; `fake.electron` is what the app receives. */
export function createFakeElectron(o: FakeElectronOptions) {
  const platform = o.platform ?? 'linux';
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notificationRecords: NotificationRecord[] = [];
  const sentToRenderer: Array<{ channel: string; payload: unknown }> = [];
  const invokes: IpcRecord[] = [];
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const preloads: Array<{ id: string; filePath: string }> = [];
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const opened = { paths: [] as string[], external: [] as string[], clipboard: [] as string[] };
  let loginItem = { openAtLogin: false };
  let ready = false;

  const ipcMain: IpcMainLike & {
    invokeAs(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown>;
  } = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    /** what an invoke from any sender does (tests use it to play a malicious frame) */
    async invokeAs(event, channel, ...args) {
      const h = handlers.get(channel);
      if (h === undefined) throw new Error(`No handler registered for '${channel}'`);
      const result = await h(event, ...args);
      invokes.push({ channel, args, result: structuredClone(result) });
      return result;
    },
  };
  const host: WindowHost = {
    browser: o.browser,
    preloadPath: o.preloadPath,
    sessionPreloads: () => preloads.map((p) => p.filePath),
    invoke: (event, channel, args) => ipcMain.invokeAs(event, channel, ...args),
    recordSend: (channel, payload) => sentToRenderer.push({ channel, payload: structuredClone(payload) }),
    openedPopups: [],
  };

  class FakeTray extends Emitter implements TrayLike {
    tooltip = '';
    menu: MenuItemOptions[] = [];
    images: string[] = [];
    destroyed = false;
    constructor(icon: string) {
      super();
      if (!ready) throw notReady('Tray');
      this.setImage(icon);
      trays.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    /** macOS menu-bar text (Electron's Tray.setTitle); every value set, in order */
    titles: string[] = [];
    setTitle(t: string) {
      this.titles.push(t);
    }
    setContextMenu(menu: { template?: MenuItemOptions[] } | null) {
      this.menu = menu?.template ?? [];
    }
    setImage(path: string) {
      // macOS throws; Linux and Windows show an empty, invisible icon: either way a bug
      if (!existsSync(path)) throw new Error(`Failed to load image from path '${path}'`);
      this.images.push(path);
    }
    destroy() {
      this.destroyed = true;
    }
    get image(): string {
      return this.images[this.images.length - 1] ?? '';
    }
    /** clicks a menu item by id */
    clickItem(id: string): void {
      const item = this.menu.find((i) => i.id === id);
      if (item?.click === undefined) throw new Error(`no clickable menu item ${id}`);
      item.click();
    }
  }

  class FakeNotification extends Emitter {
    shown = false;
    constructor(readonly options: NotificationOptions) {
      super();
      if (!ready) throw notReady('Notification');
      // Electron keeps a shown notification only weakly: the record holds a WeakRef, nothing more
      const ref = new WeakRef(this);
      const deliver = (what: string, f: (n: FakeNotification) => void) => {
        const n = ref.deref();
        if (n === undefined)
          throw new Error(
            `notification "${options.title}" was garbage-collected: the ${what} reaches no handler`,
          );
        f(n);
      };
      const record = {
        options,
        shown: false,
        get alive() {
          return ref.deref() !== undefined;
        },
        click: () => deliver('click', (n) => n.emit('click')),
        action: (index: number) => deliver('action', (n) => n.emit('action', {}, index)),
        close: () => deliver('close', (n) => n.emit('close')),
      };
      this.#record = record;
      notificationRecords.push(record);
    }
    readonly #record: { shown: boolean };
    static isSupported() {
      return true;
    }
    show() {
      if (platform === 'win32' && app.appUserModelId === null) {
        // Windows drops (or misattributes) toasts of an app without an AppUserModelID
        this.emit('failed', {}, 'no AppUserModelID: call app.setAppUserModelId first');
        return;
      }
      this.shown = true;
      this.#record.shown = true;
    }
  }

  const permissionHandlers: {
    request: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    headers: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null;
  } = { request: null, check: null, headers: null };

  const defaultSession: SessionLike & {
    registerPreloadScript(s: { type: 'frame' | 'service-worker'; filePath: string; id?: string }): string;
  } = {
    setPermissionRequestHandler: (h) => void (permissionHandlers.request = h),
    setPermissionCheckHandler: (h) => void (permissionHandlers.check = h),
    webRequest: { onHeadersReceived: (l) => void (permissionHandlers.headers = l) },
    getPreloadScripts: () => preloads.map((p) => ({ filePath: p.filePath })),
    registerPreloadScript(s) {
      const id = s.id ?? `preload-${preloads.length + 1}`;
      preloads.push({ id, filePath: s.filePath });
      return id;
    },
  };

  const readyPromise = new Promise<void>((resolve) =>
    setImmediate(() => {
      ready = true;
      app.emit('ready');
      resolve();
    }),
  );

  const app = Object.assign(new Emitter(), {
    quitRequested: 0,
    quitted: false,
    exitCode: null as number | null,
    dockHidden: false,
    whenReady: () => readyPromise,
    isReady: () => ready,
    isPackaged: o.packaged ?? false,
    /** how often the lock was asked for (it must be taken once, before services are built) */
    lockRequests: 0,
    requestSingleInstanceLock: () => (app.lockRequests++, o.singleInstance ?? true),
    quit() {
      app.quitRequested++;
      const e: PreventableEvent & { defaultPrevented: boolean } = preventable();
      app.emit('before-quit', e);
      if (e.defaultPrevented) return;
      // Electron closes every window next; any of them may still cancel the quit
      for (const w of [...windows]) if (!w.isDestroyed() && !w.close()) return;
      app.emit('will-quit', preventable());
      app.quitted = true;
      app.emit('quit');
      app.exit(0);
    },
    exit(code = 0) {
      if (app.exitCode !== null) return;
      app.exitCode = code;
      for (const w of windows) w.destroy();
      o.onExit?.(code);
    },
    getPath: (name: 'userData' | 'logs' | 'home') =>
      name === 'home' ? o.home : `${o.home}/.config/Clawkeeper/${name}`,
    getAppPath: () => process.cwd(),
    getLoginItemSettings: () => loginItem,
    setLoginItemSettings(s: { openAtLogin: boolean }) {
      const unknown = Object.keys(s).filter((k) => k !== 'openAtLogin' && k !== 'args');
      if (unknown.length > 0)
        throw new Error(`setLoginItemSettings: ${unknown.join(', ')} is not an option in Electron 45`);
      loginItem = { openAtLogin: s.openAtLogin };
    },
    setAppUserModelId(id: string) {
      app.appUserModelId = id;
    },
    /** what setAppUserModelId set (win32 toasts fail without it) */
    appUserModelId: null as string | null,
    dock: {
      hide() {
        app.dockHidden = true;
      },
    },
  });

  /** Electron's powerMonitor: `shutdown` exists on macOS and Linux only */
  const powerMonitor = new Emitter();
  /** content-less windows (Windows: the session-end sentinel) */
  const baseWindows: Array<Emitter & { destroyed: boolean; options: object; destroy(): void }> = [];
  class FakeBaseWindow extends Emitter {
    destroyed = false;
    constructor(readonly options: object) {
      super();
      if (!ready) throw notReady('BaseWindow');
      baseWindows.push(this);
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const electron: ElectronApi = {
    app,
    powerMonitor: {
      on: (event: 'shutdown', l: () => void) => {
        if (platform === 'win32') throw new Error("powerMonitor 'shutdown' does not exist on Windows");
        return powerMonitor.on(event, l);
      },
      removeListener: (event: 'shutdown', l: () => void) => powerMonitor.removeListener(event, l),
    },
    BaseWindow: FakeBaseWindow,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: WindowOptions) {
        if (!ready) throw notReady('BrowserWindow');
        super(options, host);
        windows.push(this);
      }
    },
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemOptions[]) => ({ template }) },
    Notification: FakeNotification,
    ipcMain,
    shell: {
      openPath: (p: string) => (opened.paths.push(p), Promise.resolve('')),
      openExternal: (u: string) => (opened.external.push(u), Promise.resolve()),
    },
    clipboard: { writeText: (t: string) => void opened.clipboard.push(t) },
    dialog: { showErrorBox: (title: string, content: string) => void errorBoxes.push({ title, content }) },
    session: {
      get defaultSession() {
        if (!ready) throw notReady('session');
        return defaultSession;
      },
    },
  };
  return {
    electron,
    app,
    ipcMain,
    windows,
    trays,
    powerMonitor,
    baseWindows,
    /** every notification the app created (options kept; the native object only weakly) */
    notifications: notificationRecords,
    sentToRenderer,
    invokes,
    opened,
    errorBoxes,
    permissionHandlers,
    defaultSession,
    host,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

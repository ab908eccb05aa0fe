/**
 * A fake Electron implementing exactly the shell's subset (main/shell/electron-api.ts), so the
 * real main/index.ts runs in plain Node. Windows are real headless Chromium pages (see
 * fake-browser-window.ts); everything else records what the app did for the tests to read.
 */
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
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.#l.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
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
}

/** Builds one fake Electron world; `fake.electron` is what the app receives. */
export function createFakeElectron(o: FakeElectronOptions) {
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const sentToRenderer: Array<{ channel: string; payload: unknown }> = [];
  const invokes: IpcRecord[] = [];
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const opened = { paths: [] as string[], external: [] as string[], clipboard: [] as string[] };
  let loginItem = { openAtLogin: false };

  const ipcMain: IpcMainLike & {
    invokeAs(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown>;
  } = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
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
    invoke: (event, channel, args) => ipcMain.invokeAs(event, channel, ...args),
    recordSend: (channel, payload) => sentToRenderer.push({ channel, payload: structuredClone(payload) }),
    openedPopups: [],
  };

  class FakeTray extends Emitter implements TrayLike {
    tooltip = '';
    menu: MenuItemOptions[] = [];
    images: string[];
    destroyed = false;
    constructor(icon: string) {
      super();
      this.images = [icon];
      trays.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(menu: { template?: MenuItemOptions[] } | null) {
      this.menu = menu?.template ?? [];
    }
    setImage(path: string) {
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
      notifications.push(this);
    }
    static isSupported() {
      return true;
    }
    show() {
      this.shown = true;
    }
    click() {
      this.emit('click');
    }
    action(index: number) {
      this.emit('action', {}, index);
    }
  }

  const permissionHandlers: {
    request: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    headers: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null;
  } = { request: null, check: null, headers: null };

  const app = Object.assign(new Emitter(), {
    quitRequested: 0,
    quitted: false,
    dockHidden: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => o.singleInstance ?? true,
    quit() {
      app.quitRequested++;
      const e: PreventableEvent & { defaultPrevented: boolean } = preventable();
      app.emit('before-quit', e);
      if (!e.defaultPrevented) app.quitted = true;
    },
    getPath: (name: 'userData' | 'logs' | 'home') =>
      name === 'home' ? o.home : `${o.home}/.config/Clawkeeper/${name}`,
    getLoginItemSettings: () => loginItem,
    setLoginItemSettings(s: { openAtLogin: boolean }) {
      loginItem = { openAtLogin: s.openAtLogin };
    },
    dock: {
      hide() {
        app.dockHidden = true;
      },
    },
  });

  const electron: ElectronApi = {
    app,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: WindowOptions) {
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
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => void (permissionHandlers.request = h),
        setPermissionCheckHandler: (h) => void (permissionHandlers.check = h),
        webRequest: { onHeadersReceived: (l) => void (permissionHandlers.headers = l) },
      },
    },
  };
  return {
    electron,
    app,
    ipcMain,
    windows,
    trays,
    notifications,
    sentToRenderer,
    invokes,
    opened,
    permissionHandlers,
    host,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * Exactly the subset of Electron the shell uses. The real module is checked against it where
 * it is loaded (main/index.ts); the test fake (test/fakes/fake-electron.ts) implements it.
 */
import type { IpcMainLike } from '../ipc/register.ts';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface MenuItemOptions {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  click?: () => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- opaque handle
export interface MenuLike {}

/**
 * A frame as Electron's `WebFrameMain`: `processId` + `routingId` name one frame
 * (`WebFrameMain.fromId`), so the IPC sender check compares those, never URL strings.
 */
export interface FrameLike {
  readonly processId: number;
  readonly routingId: number;
  readonly url: string;
}

export interface WebContentsLike {
  readonly id: number;
  /** the top frame of the page: the only frame allowed to call IPC */
  readonly mainFrame: FrameLike;
  /** runs script in the page (the smoke test's IPC round trip) */
  executeJavaScript(code: string): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
    devTools: boolean;
  };
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  loadFile(path: string, options?: { hash?: string }): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
  on(event: 'close', listener: (e: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: MenuLike | null): void;
  /** a PNG path; macOS treats `*Template.png` files as template images */
  setImage(path: string): void;
  /** macOS: text beside the icon in the menu bar */
  setTitle?(title: string): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent?: boolean;
  actions?: Array<{ type: 'button'; text: string }>;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
  on(event: 'action', listener: (e: unknown, index: number) => void): unknown;
  on(event: 'failed', listener: (e: unknown, error: string) => void): unknown;
  /** Electron's Notification is an EventEmitter; the smoke test clicks through `emit('click')` */
  emit(event: 'click'): boolean;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void;
  /** Electron 35+: preload scripts every page of the session runs (we register none) */
  getPreloadScripts(): ReadonlyArray<{ readonly filePath: string }>;
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface AppLike {
  whenReady(): Promise<void>;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  /** true in an installed app (resources/ holds app-update.yml); absent on some fakes */
  readonly isPackaged?: boolean;
  /** quits at once with this code, without `before-quit` (start-up failure, smoke test) */
  exit(code?: number): void;
  getPath(name: 'userData' | 'logs' | 'home'): string;
  /** `status` on macOS 13+: not-registered, enabled, requires-approval or not-found */
  getLoginItemSettings(): { openAtLogin: boolean; status?: string };
  /** `openAsHidden` is gone in Electron 45 (ignored without a word), so it is not in this type */
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  /** Windows: toasts are attributed to this id; it must equal the installer's appId */
  setAppUserModelId(id: string): void;
  readonly dock?: { hide(): void } | undefined;
  on(event: 'second-instance' | 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (e: PreventableEvent) => void): unknown;
}

/** The electron module as the shell sees it. */
export interface ElectronApi {
  readonly app: AppLike;
  readonly BrowserWindow: new (options: WindowOptions) => WindowLike;
  readonly Tray: new (iconPath: string) => TrayLike;
  readonly Menu: { buildFromTemplate(template: MenuItemOptions[]): MenuLike };
  readonly Notification: (new (options: NotificationOptions) => NotificationLike) & {
    isSupported(): boolean;
  };
  readonly ipcMain: IpcMainLike;
  readonly shell: { openPath(path: string): Promise<string>; openExternal(url: string): Promise<void> };
  readonly clipboard: { writeText(text: string): void };
  readonly dialog: { showErrorBox(title: string, content: string): void };
  readonly session: { readonly defaultSession: SessionLike };
  /** macOS and Linux: `shutdown` when the system is about to shut down or restart */
  readonly powerMonitor?: {
    /** typed without arguments by Electron, though it passes the event its docs say to prevent */
    on(event: 'shutdown', listener: () => void): unknown;
    removeListener(event: 'shutdown', listener: () => void): unknown;
  };
  /** a window without web contents: Windows tells top-level windows that the session ends */
  readonly BaseWindow?: new (options: {
    show: boolean;
    width: number;
    height: number;
    skipTaskbar: boolean;
  }) => {
    on(event: 'query-session-end' | 'session-end', listener: () => void): unknown;
    destroy(): void;
  };
}

/**
 * The one window: created on demand, hidden (not closed) when the user closes it, locked to
 * its own file:// page. Navigation and new windows are refused; allowlisted links open in the
 * user's browser.
 */
import type { EventChannel, EventPayloads, Navigate } from '../ipc/contract.ts';
import type { Logger } from '../ports/logger.ts';
import { redactTokens } from '../core/kernel/redact.ts';
import type { ElectronApi, FrameLike, WebContentsLike, WindowLike, WindowOptions } from './electron-api.ts';
import { isAllowedExternalUrl } from './external-urls.ts';

export interface WindowDeps {
  readonly electron: Pick<ElectronApi, 'BrowserWindow' | 'shell'>;
  readonly preloadPath: string;
  readonly indexPath: string;
  readonly devTools: boolean;
  readonly logger: Logger;
  isQuitting(): boolean;
}

export interface WindowController {
  /** shows (creating if needed) and optionally navigates to a view */
  show(nav?: Navigate): Promise<void>;
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
  /** the webContents id of the live window, or null */
  id(): number | null;
  /** the live window's webContents id and main frame (what IPC calls are checked against) */
  ours(): { id: number; mainFrame: FrameLike } | null;
  /** the live window's page, for the smoke test */
  contents(): WebContentsLike | null;
  destroy(): void;
}

/** The window's security settings (house-style: isolation, sandbox, no node). */
export function windowOptions(preload: string, devTools: boolean): WindowOptions {
  return {
    width: 860,
    height: 680,
    minWidth: 560,
    minHeight: 420,
    show: false,
    title: 'Clawkeeper',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** `fix?credential=…`: the hash a freshly created window reads its first view from. */
export function hashFor(nav: Navigate): string {
  const q = new URLSearchParams();
  if (nav.credential !== undefined) q.set('credential', nav.credential);
  if (nav.command !== undefined) q.set('command', nav.command);
  if (nav.reason !== undefined) q.set('reason', nav.reason);
  const s = q.toString();
  return s === '' ? nav.view : `${nav.view}?${s}`;
}

/** Creates the controller; the BrowserWindow itself is made on first `show()`. */
export function createWindow(d: WindowDeps): WindowController {
  let win: WindowLike | null = null;
  let loaded: Promise<void> = Promise.resolve();
  const live = () => (win !== null && !win.isDestroyed() ? win : null);

  const guard = (w: WindowLike) => {
    const wc = w.webContents;
    const leave = (e: { preventDefault(): void }, url: string) => {
      e.preventDefault();
      if (isAllowedExternalUrl(url)) void d.electron.shell.openExternal(url);
      else d.logger.warn('navigation refused', { url: url.slice(0, 200) });
    };
    wc.on('will-navigate', leave);
    wc.on('will-redirect', leave);
    wc.on('will-attach-webview', (e) => e.preventDefault());
    wc.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void d.electron.shell.openExternal(url);
      return { action: 'deny' };
    });
    w.on('close', (e) => {
      if (d.isQuitting()) return;
      e.preventDefault();
      w.hide();
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
  };

  return {
    async show(nav) {
      const existing = live();
      if (existing === null) {
        const w = new d.electron.BrowserWindow(windowOptions(d.preloadPath, d.devTools));
        win = w;
        guard(w);
        const attempt = w.loadFile(d.indexPath, nav !== undefined ? { hash: hashFor(nav) } : {}).then(
          () => null,
          (e: unknown) => e,
        );
        loaded = attempt.then(() => undefined);
        const failure = await attempt;
        if (failure !== null) {
          // a page that failed to load stays blank for good: drop the window, the next show() retries
          d.logger.error('the window could not load its page', {
            error: failure instanceof Error ? failure.message : 'unknown error',
          });
          if (win === w) win = null;
          w.destroy();
          return;
        }
        if (win !== w || w.isDestroyed()) return;
        w.show();
        w.focus();
        return;
      }
      await loaded;
      existing.show();
      existing.focus();
      if (nav !== undefined) existing.webContents.send('ui:navigate', nav);
    },
    send(channel, payload) {
      // defence in depth: events come from the keeper, but no token-shaped string reaches the page
      live()?.webContents.send(channel, JSON.parse(redactTokens(JSON.stringify(payload))));
    },
    id: () => live()?.webContents.id ?? null,
    ours() {
      const w = live();
      return w === null ? null : { id: w.webContents.id, mainFrame: w.webContents.mainFrame };
    },
    contents: () => live()?.webContents ?? null,
    destroy() {
      live()?.destroy();
      win = null;
    },
  };
}

/**
 * The fake BrowserWindow: loads the real built renderer over file:// in real headless Chromium
 * (so the page's CSP is real) and runs the real built preload (dist/preload.cjs) in it, with
 * `require('electron')` answered by a shim whose ipcRenderer talks to the fake ipcMain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import type { PreventableEvent, WindowLike, WindowOptions } from '../../main/shell/electron-api.ts';
import type { FrameRef, InvokeEventLike } from '../../main/ipc/register.ts';

type Listener = (...args: never[]) => unknown;

/** What the window needs from the rest of the fake. */
export interface WindowHost {
  readonly browser: Browser | null;
  readonly preloadPath: string;
  /** preloads registered on the session (`ses.registerPreloadScript`): every page runs them too */
  sessionPreloads(): string[];
  invoke(event: InvokeEventLike, channel: string, args: unknown[]): Promise<unknown>;
  recordSend(channel: string, payload: unknown): void;
  openedPopups: string[];
}

class Emitter {
  readonly #l = new Map<string, Set<Listener>>();
  on(event: string, l: Listener): this {
    (this.#l.get(event) ?? this.#l.set(event, new Set()).get(event))?.add(l);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const ls = [...(this.#l.get(event) ?? [])];
    for (const l of ls) (l as (...a: unknown[]) => unknown)(...args);
    return ls.length > 0;
  }
  count(event: string): number {
    return this.#l.get(event)?.size ?? 0;
  }
}

export function preventable(): PreventableEvent & { defaultPrevented: boolean } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** The shim the built preload runs against: same `contextBridge`/`ipcRenderer` surface it uses. */
function bridgeScript(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.__ckInvoke(channel, args),
    on(channel, l) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(l); return ipcRenderer; },
    removeListener(channel, l) { listeners.get(channel)?.delete(l); return ipcRenderer; },
  };
  const contextBridge = {
    exposeInMainWorld(name, api) { Object.defineProperty(window, name, { value: Object.freeze({ ...api }), enumerable: true }); },
  };
  // every preload (the window's and the session's) gets its own ipcRenderer listeners
  if (!window.__ckDeliverers) {
    Object.defineProperty(window, '__ckDeliverers', { value: [] });
    Object.defineProperty(window, '__ckDeliver', {
      value: (channel, payload) => { for (const d of window.__ckDeliverers) d(channel, payload); },
    });
  }
  window.__ckDeliverers.push((channel, payload) => { for (const l of listeners.get(channel) ?? []) l({ sender: null }, payload); });
  const require = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

/**
 * The URL Electron's `loadFile` loads: `url.format` over the resolved path (lib/browser/api/
 * web-contents.ts), which leaves `%`, `[` and `]` as they are, unlike `pathToFileURL`.
 */
export function electronFileUrl(path: string, hash?: string): string {
  return format({
    protocol: 'file',
    slashes: true,
    pathname: resolve(path),
    ...(hash !== undefined ? { hash } : {}),
  });
}

let nextId = 1;
let nextRouting = 1;
const PROCESS_ID = 4242;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  page: Page | null = null;
  /** Electron's `webContents.mainFrame`: one object per frame, named by process and routing id */
  readonly mainFrame: FrameRef;
  readonly #subframes = new WeakMap<object, FrameRef>();
  windowOpenHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly host: WindowHost) {
    super();
    const page = () => this.page;
    this.mainFrame = {
      processId: PROCESS_ID,
      routingId: nextRouting++,
      get url() {
        return page()?.mainFrame().url() ?? '';
      },
    };
  }
  send(channel: string, ...args: unknown[]): void {
    this.host.recordSend(channel, args[0]);
    const page = this.page;
    if (page === null || page.isClosed()) return;
    this.#queue = this.#queue.then(() =>
      page
        .evaluate(
          ([c, p]) =>
            (globalThis as unknown as { __ckDeliver(c: string, p: unknown): void }).__ckDeliver(c, p),
          [channel, args[0]] as const,
        )
        .catch(() => undefined),
    );
  }
  /** resolves once every queued delivery reached the page */
  flush(): Promise<unknown> {
    return this.#queue;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = h;
  }
  /** the frame object an IPC event carries as `senderFrame` */
  frameFor(frame: Frame): FrameRef {
    if (frame === this.page?.mainFrame()) return this.mainFrame;
    let f = this.#subframes.get(frame);
    if (f === undefined) {
      f = { processId: PROCESS_ID, routingId: nextRouting++, url: frame.url() };
      this.#subframes.set(frame, f);
    }
    return f;
  }
  async executeJavaScript(code: string): Promise<unknown> {
    const page = this.page;
    if (page === null) throw new Error('executeJavaScript: no page loaded');
    return page.evaluate(code);
  }
}

export class FakeBrowserWindow extends Emitter implements WindowLike {
  readonly webContents: FakeWebContents;
  visible = false;
  destroyed = false;
  loadedUrl: string | null = null;
  /** globals the loaded page ended up with from preloads (`clawkeeper`, `__electronLog`, …) */
  exposed: string[] = [];
  readonly #pageReady: Promise<Page | null>;
  #loading = false;

  constructor(
    readonly options: WindowOptions,
    private readonly host: WindowHost,
  ) {
    super();
    this.webContents = new FakeWebContents(host);
    this.#pageReady = host.browser === null ? Promise.resolve(null) : this.#makePage(host.browser);
  }

  async #makePage(browser: Browser): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: this.options.width, height: this.options.height },
    });
    const page = await context.newPage();
    const wc = this.webContents;
    wc.page = page;
    await page.exposeBinding('__ckInvoke', (source, channel: string, args: unknown[]) =>
      this.host.invoke({ sender: { id: wc.id }, senderFrame: wc.frameFor(source.frame) }, channel, args),
    );
    // session preloads run in every page, like the window's own preload (Electron 35+)
    for (const file of this.host.sessionPreloads())
      await page.addInitScript({ content: bridgeScript(readFileSync(file, 'utf8')) });
    await page.addInitScript({
      content: bridgeScript(readFileSync(this.options.webPreferences.preload, 'utf8')),
    });
    // Electron's will-navigate: a main-frame navigation the page starts asks the app first
    // (loadURL/loadFile's own navigation does not).
    await page.route('**/*', async (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.frame() === page.mainFrame() && !this.#loading) {
        const e = preventable();
        wc.emit('will-navigate', e, req.url());
        if (e.defaultPrevented) return route.abort('aborted'); // ERR_ABORTED commits no error page, like Electron
      }
      return route.continue();
    });
    page.on('popup', (popup) => {
      this.host.openedPopups.push(popup.url());
      const decision = wc.windowOpenHandler?.({ url: popup.url() }) ?? { action: 'allow' };
      if (decision.action === 'deny') void popup.close();
    });
    return page;
  }

  get page(): Promise<Page | null> {
    return this.#pageReady;
  }

  async loadFile(path: string, options?: { hash?: string }): Promise<void> {
    this.loadedUrl = electronFileUrl(path, options?.hash);
    // Electron rejects with ERR_FILE_NOT_FOUND (-6) and leaves the window on a blank page
    if (!existsSync(resolve(path))) throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${this.loadedUrl}'`);
    const page = await this.#pageReady;
    if (page === null) return;
    this.#loading = true;
    try {
      await page.goto(this.loadedUrl, { waitUntil: 'load' });
      this.exposed = await page.evaluate<string[]>(
        "Object.getOwnPropertyNames(window).filter((k) => k === 'clawkeeper' || /^__electron/i.test(k))",
      );
    } finally {
      this.#loading = false;
    }
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    void this.#pageReady.then((p) => p?.context().close()).catch(() => undefined);
    this.emit('closed');
  }
  /** the user clicks the close button (or app.quit() closes it); false when the app kept it */
  close(): boolean {
    const e = preventable();
    this.emit('close', e);
    if (e.defaultPrevented) return false;
    this.destroy();
    return true;
  }
}

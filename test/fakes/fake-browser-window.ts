/**
 * The fake BrowserWindow: loads the real built renderer over file:// in real headless Chromium
 * (so the page's CSP is real) and runs the real built preload (dist/preload.cjs) in it, with
 * `require('electron')` answered by a shim whose ipcRenderer talks to the fake ipcMain.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { PreventableEvent, WindowLike, WindowOptions } from '../../main/shell/electron-api.ts';
import type { InvokeEventLike } from '../../main/ipc/register.ts';

type Listener = (...args: never[]) => unknown;

/** What the window needs from the rest of the fake. */
export interface WindowHost {
  readonly browser: Browser | null;
  readonly preloadPath: string;
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
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.#l.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
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
  Object.defineProperty(window, '__ckDeliver', {
    value: (channel, payload) => { for (const l of listeners.get(channel) ?? []) l({ sender: null }, payload); },
  });
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

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  page: Page | null = null;
  windowOpenHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly host: WindowHost) {
    super();
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
}

export class FakeBrowserWindow extends Emitter implements WindowLike {
  readonly webContents: FakeWebContents;
  visible = false;
  destroyed = false;
  loadedUrl: string | null = null;
  readonly #pageReady: Promise<Page | null>;

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
    await page.exposeBinding('__ckInvoke', (source, channel: string, args: unknown[]) =>
      this.host.invoke({ sender: { id: wc.id }, senderFrame: { url: source.frame.url() } }, channel, args),
    );
    await page.addInitScript({ content: bridgeScript(readFileSync(this.host.preloadPath, 'utf8')) });
    // Electron's will-navigate: a main-frame navigation away from the loaded page asks the app first.
    await page.route('**/*', async (route) => {
      const req = route.request();
      const strip = (u: string) => u.replace(/#.*$/, '');
      if (
        req.isNavigationRequest() &&
        req.frame() === page.mainFrame() &&
        strip(req.url()) !== strip(this.loadedUrl ?? '')
      ) {
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
    wc.page = page;
    return page;
  }

  get page(): Promise<Page | null> {
    return this.#pageReady;
  }

  async loadFile(path: string, options?: { hash?: string }): Promise<void> {
    this.loadedUrl = pathToFileURL(path).href + (options?.hash !== undefined ? `#${options.hash}` : '');
    const page = await this.#pageReady;
    if (page !== null) await page.goto(this.loadedUrl, { waitUntil: 'load' });
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
  /** the user clicks the close button */
  close(): void {
    const e = preventable();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
}

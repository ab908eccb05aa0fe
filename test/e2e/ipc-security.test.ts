import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CSP } from '../../main/shell/security.ts';
import { windowOptions } from '../../main/shell/window.ts';
import { createFakeElectron } from '../fakes/fake-electron.ts';
import type { FakeBrowserWindow } from '../fakes/fake-browser-window.ts';
import { SETUP_TOKEN } from '../fakes/fixture-tokens.ts';
import { DIST, launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';

describe('IPC and window security on the fake Electron', () => {
  let browser: Browser;
  let h: Harness;
  let page: Page;
  let ours: { sender: { id: number }; senderFrame: { processId: number; routingId: number; url: string } };
  const call = (event: unknown, channel: string, ...args: unknown[]) =>
    h.fake.ipcMain.invokeAs(event as never, channel, ...args) as Promise<{
      ok: boolean;
      error?: { code: string };
    }>;
  const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => (await p).error?.code ?? 'ok';

  before(async () => {
    browser = await launchChromium();
    h = await startApp(browser);
    page = await h.open();
    const wc = h.fake.windows[0]?.webContents;
    assert.ok(wc !== undefined);
    ours = { sender: { id: wc.id }, senderFrame: wc.mainFrame };
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('answers our own window and page', async () => {
    assert.equal(await code(call(ours, 'status:get')), 'ok');
  });

  it('refuses another webContents, another frame (even one showing our URL), or no frame', async () => {
    const main = ours.senderFrame;
    const frame = (routingId: number, url: string) => ({ processId: main.processId, routingId, url });
    assert.equal(await code(call({ ...ours, sender: { id: 999 } }, 'status:get')), 'forbidden');
    assert.equal(
      await code(call({ ...ours, senderFrame: frame(main.routingId + 1000, main.url) }, 'status:get')),
      'forbidden',
      'a subframe is refused although its URL string equals the page URL',
    );
    assert.equal(
      await code(
        call({ ...ours, senderFrame: frame(main.routingId + 1001, 'https://evil.example/') }, 'status:get'),
      ),
      'forbidden',
    );
    assert.equal(
      await code(call({ ...ours, senderFrame: null }, 'token:paste', { token: SETUP_TOKEN })),
      'forbidden',
    );
    assert.equal(h.services.pasted.length, 0);
  });

  it('refuses malformed arguments before any service sees them', async () => {
    assert.equal(await code(call(ours, 'token:paste', { token: 5 })), 'bad-argument');
    assert.equal(
      await code(call(ours, 'token:paste', { token: SETUP_TOKEN, agents: 'main' })),
      'bad-argument',
    );
    assert.equal(await code(call(ours, 'token:paste', { token: SETUP_TOKEN, extra: true })), 'bad-argument');
    assert.equal(await code(call(ours, 'status:get', 'surprise')), 'bad-argument');
    assert.equal(await code(call(ours, 'token:validate', { token: 'x' }, 'second')), 'bad-argument');
    assert.equal(await code(call(ours, 'doctor:apply', { ids: 'all', dryRun: false })), 'bad-argument');
    const evil = { patch: { refresh: { tokenUrl: 'https://evil.example/token' } } };
    assert.equal(await code(call(ours, 'settings:update', evil)), 'bad-argument');
    assert.equal(h.services.settings().refresh.tokenUrl, 'https://platform.claude.com/v1/oauth/token');
    assert.equal(h.services.pasted.length, 0);
    assert.deepEqual(h.services.applied, []);
  });

  it('opens only allowlisted links and never copies a secret', async () => {
    assert.equal(
      await code(call(ours, 'shell:open-external', { url: 'https://evil.example/' })),
      'forbidden',
    );
    assert.equal(
      await code(call(ours, 'shell:open-external', { url: 'http://docs.openclaw.ai/' })),
      'forbidden',
    );
    assert.equal(await code(call(ours, 'shell:open-external', { url: 'https://docs.openclaw.ai/x' })), 'ok');
    assert.deepEqual(h.fake.opened.external, ['https://docs.openclaw.ai/x']);
    assert.equal(
      await code(call(ours, 'shell:copy', { text: `export TOKEN=${SETUP_TOKEN}` })),
      'bad-argument',
    );
    assert.deepEqual(h.fake.opened.clipboard, []);
  });

  it('gives the page named functions only: no ipcRenderer, require or process', async () => {
    assert.equal(
      await page.evaluate('typeof window.ipcRenderer + typeof window.require + typeof window.process'),
      'undefinedundefinedundefined',
    );
    const api = await page.evaluate<string[]>(
      'Object.entries(window.clawkeeper).map(([k, v]) => k + ":" + typeof v)',
    );
    assert.ok(api.length >= 15);
    assert.ok(
      api.every((e) => e.endsWith(':function')),
      api.join(),
    );
    const r = await page.evaluate<{ ok: boolean; error: { code: string } }>(
      'window.clawkeeper.pasteToken({ token: 1 })',
    );
    assert.deepEqual([r.ok, r.error.code], [false, 'bad-argument']);
  });

  it('runs the page under the strict CSP: inline script and network are blocked', async () => {
    const html = readFileSync(join(DIST, 'renderer/index.html'), 'utf8');
    assert.ok(html.includes(`content="${CSP}"`), 'meta CSP equals main/shell/security.ts CSP');
    const violated = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = true';
      document.body.append(s);
    })`);
    assert.equal(violated, 'script-src-elem');
    assert.equal(await page.evaluate('window.__pwned === undefined'), true);
    const fetched = await page.evaluate(
      "fetch('https://example.com/').then(() => 'fetched', () => 'blocked')",
    );
    assert.equal(fetched, 'blocked');
  });

  it('refuses navigation away from the page and opens allowlisted targets externally', async () => {
    const url = page.url();
    await page.evaluate("location.href = 'https://evil.example/'").catch(() => undefined);
    await page.waitForTimeout(200);
    assert.equal(page.url(), url);
    await page.evaluate("location.href = 'https://github.com/anthropics/claude-code'").catch(() => undefined);
    await page.waitForTimeout(200);
    assert.equal(page.url(), url);
    assert.ok(h.fake.opened.external.includes('https://github.com/anthropics/claude-code'));
  });

  it('creates the window isolated and sandboxed, denies permissions and sends the CSP header', () => {
    const prefs = h.fake.windows[0]?.options.webPreferences;
    assert.equal(prefs?.contextIsolation, true);
    assert.equal(prefs?.sandbox, true);
    assert.equal(prefs?.nodeIntegration, false);
    assert.equal(prefs?.webSecurity, true);
    assert.equal(prefs?.webviewTag, false);
    let granted: boolean | null = null;
    h.fake.permissionHandlers.request?.(null, 'media', (g) => (granted = g));
    assert.equal(granted, false);
    assert.equal(h.fake.permissionHandlers.check?.(), false);
    let headers: Record<string, string[]> | undefined;
    h.fake.permissionHandlers.headers?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    assert.deepEqual(headers?.['Content-Security-Policy'], [CSP]);
  });

  it("runs preloads registered on the session in the page, as electron-log's initialize() would add one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-preload-'));
    try {
      const extra = join(dir, 'electron-log-preload.js');
      writeFileSync(
        extra,
        "require('electron').contextBridge.exposeInMainWorld('__electronLog', { log: () => {} });",
      );
      const fake = createFakeElectron({ browser, preloadPath: '', home: dir });
      await fake.app.whenReady();
      const session = fake.defaultSession;
      session.registerPreloadScript({ type: 'frame', filePath: extra });
      const w = new fake.electron.BrowserWindow(windowOptions(join(DIST, 'preload.cjs'), false));
      await w.loadFile(join(DIST, 'renderer/index.html'));
      assert.deepEqual(session.getPreloadScripts(), [{ filePath: extra }]);
      assert.deepEqual((w as FakeBrowserWindow).exposed.sort(), ['__electronLog', 'clawkeeper']);
      w.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs refusals without the token', () => {
    assert.match(h.logText(), /ipc call refused or failed/);
    assert.equal(h.logText().includes(SETUP_TOKEN.slice(13, 40)), false);
  });
});

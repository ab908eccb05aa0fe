/**
 * Runs a built main bundle (dist/main.cjs, or the one extracted from the packaged app.asar)
 * the way Electron would, on the strict fake: `require('electron')` answers the fake,
 * `process.versions.electron` is set, `app.exit(code)` ends the process with that code.
 *
 *   node --import tsx test/fakes/electron-host.ts <main.cjs> [app arguments…]
 *
 * Env: CK_HOST_HOME (the fake's home for getPath), CK_HOST_BROWSER=1 (real headless Chromium
 * windows), CK_HOST_RESOURCES (play an installed app whose resources folder is this one:
 * `app.isPackaged` and `process.resourcesPath`, where app-update.yml is looked for). On exit it
 * prints one line `fake-electron: {json}` to stderr: exit code, error
 * boxes, session preloads, what each page exposed, notifications and IPC channels called.
 */
import Module from 'node:module';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/app-harness.ts';
import { createFakeElectron, type FakeElectron } from './fake-electron.ts';

const [mainPath, ...appArgs] = process.argv.slice(2);
if (mainPath === undefined) {
  process.stderr.write('usage: electron-host.ts <main.cjs> [args…]\n');
  process.exit(64);
}
const browser: Browser | null = process.env['CK_HOST_BROWSER'] === '1' ? await launchChromium() : null;
let fake: FakeElectron | null = null;
const summary = (code: number) => {
  const f = fake;
  if (f === null) return { code };
  return {
    code,
    errorBoxes: f.errorBoxes,
    sessionPreloads: f.app.isReady() ? f.defaultSession.getPreloadScripts().map((p) => p.filePath) : [],
    exposed: f.windows.map((w) => w.exposed),
    trays: f.trays.length,
    notifications: f.notifications.map((n) => ({ title: n.options.title, shown: n.shown })),
    channels: [...new Set(f.invokes.map((i) => i.channel))],
  };
};
const resources = process.env['CK_HOST_RESOURCES'];
if (resources !== undefined)
  Object.defineProperty(process, 'resourcesPath', { value: resolve(resources), enumerable: true });
fake = createFakeElectron({
  browser,
  packaged: resources !== undefined,
  preloadPath: '',
  home: process.env['CK_HOST_HOME'] ?? process.env['HOME'] ?? '/nonexistent',
  onExit(code) {
    process.stderr.write(`fake-electron: ${JSON.stringify(summary(code))}\n`);
    void (browser?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  },
});
const electron = fake.electron;
type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Load };
const load = mod._load;
mod._load = function (request, parent, isMain) {
  return request === 'electron' ? electron : load.call(this, request, parent, isMain);
};
Object.defineProperty(process.versions, 'electron', { value: '45.0.0-fake', enumerable: true });
const main = resolve(mainPath);
process.argv = [process.execPath, main, ...appArgs];
Module.createRequire(main)(main);

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { electronFileUrl } from '../fakes/fake-browser-window.ts';
import { DIST, ensureBuilt, launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';

describe('the app installed in a folder named "Claw [beta] 100%"', () => {
  let browser: Browser;
  let h: Harness;
  let root: string;

  before(async () => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'ck-odd-'));
    const dist = join(root, 'Claw [beta] 100%', 'dist');
    mkdirSync(dist, { recursive: true });
    cpSync(join(DIST, 'preload.cjs'), join(dist, 'preload.cjs'));
    cpSync(join(DIST, 'renderer'), join(dist, 'renderer'), { recursive: true });
    browser = await launchChromium();
    h = await startApp(browser, { dist });
  });
  after(async () => {
    await h.close();
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("loads its page through Electron's url.format URL, which differs from pathToFileURL's", () => {
    const index = join(root, 'Claw [beta] 100%', 'dist', 'renderer', 'index.html');
    assert.notEqual(electronFileUrl(index), pathToFileURL(index).href, 'the two spellings differ here');
  });

  it('answers IPC calls from its own page (the sender check compares frames, not URL strings)', async () => {
    const page = await h.open().catch((e: unknown) => {
      throw new Error(String(e) + h.logText());
    });
    const r = await page.evaluate<{ ok: boolean }>('window.clawkeeper.getStatus()');
    assert.equal(r.ok, true);
    const settings = await page.evaluate<{ ok: boolean }>('window.clawkeeper.getSettings()');
    assert.equal(settings.ok, true);
    assert.ok(h.fake.invokes.some((i) => i.channel === 'status:get'));
  });
});

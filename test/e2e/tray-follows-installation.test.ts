/**
 * The tray app follows the installation like `watch` (the same keeper): a state folder that
 * disappears with copies of the login is said in the window's timeline and stays a doctor
 * finding (the tray menu counts it) until the folder is back. Real services, real chokidar,
 * fake Electron, real headless Chromium for the window.
 */
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { createNodeServices } from '../../main/compose/tray-services.ts';
import type { AppServices } from '../../main/core/contracts.ts';
import type { Browser } from 'playwright-core';
import { ensureBuilt, launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';

async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const homes: FixtureHome[] = [];
let browser: Browser | null = null;
after(async () => {
  await browser?.close();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const labels = (h: Harness<AppServices>) => (h.fake.trays[0]?.menu ?? []).map((i) => i.label ?? '—');

describe('the tray app follows the installation', () => {
  it('says a state folder gone with a copy of the login, counts it as a finding until it is back', async () => {
    const home = await FixtureHome.create();
    homes.push(home);
    const login = access('tray-follow');
    await home.claude(
      claudeCredentials({ access: login, refresh: refresh('tray-follow'), expiresAt: Date.now() + 7 * HOUR }),
    );
    await home.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: login,
          expires: Date.now() + 7 * HOUR,
        },
      },
    });
    const env = home.env({
      CLAWKEEPER_DATA_DIR: home.path('data'),
      CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
      CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/token',
      CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw',
    });
    ensureBuilt();
    browser = await launchChromium();
    const h = await startApp<AppServices>(browser, {
      services: ({ logger, logsDir }) => createNodeServices({ vars: env, logger, logsDir }),
    });
    try {
      await until('the first report', () => h.services.keeper.current() !== null);
      await until('no findings', () => labels(h).some((l) => l === 'Doctor (no findings)…'));
      await rename(home.path('.openclaw'), home.path('openclaw-elsewhere'));
      await until('the finding in the tray menu', () =>
        labels(h).some((l) => /^Doctor \(1 finding\)/.test(l)),
      );
      const page = await h.open();
      await page.click('nav [data-view="timeline"]');
      const text = await page.locator('#event-list').innerText();
      assert.match(
        text,
        /The installation changed: openclaw state folder disappeared: .*openclaw \(it held openclaw:main\/anthropic:claude-cli\)/,
      );
      await rename(home.path('openclaw-elsewhere'), home.path('.openclaw'));
      await until('the finding withdrawn', () => labels(h).some((l) => l === 'Doctor (no findings)…'));
    } finally {
      await h.close();
    }
  });
});

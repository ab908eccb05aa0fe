import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { credential, fixtureReport, withCredential, withUsage } from '../fakes/fixture-report.ts';
import { trayMenu } from '../../main/shell/tray-menu.ts';
import { FIXTURE_TOKENS, SETUP_TOKEN, leakedTokens } from '../fakes/fixture-tokens.ts';
import { fakeVerdict } from '../fakes/fake-services.ts';
import { launchChromium, ROOT, startApp, type Harness } from '../helpers/app-harness.ts';
import { pageText, waitForText } from '../helpers/page.ts';

const OUT = join(ROOT, 'docs', 'screenshots');
const D = 86_400_000;

/** A report that shows each kind of row: a renewed login, its copy, an expiring setup-token. */
function showcase(now: number) {
  const base = fixtureReport(now);
  const manual = withCredential(base, 'openclaw:main/anthropic:manual', {
    state: 'expiring',
    reason: 'setup-token expires in 2 d 4 h; nothing renews it',
    hint: 'claude setup-token',
    expiresAt: now + 2 * D + 4 * 3_600_000 + 30_000,
  });
  return {
    ...manual,
    credentials: [
      ...manual.credentials,
      credential({
        id: 'openclaw:ops/anthropic:default',
        agent: 'ops',
        location: '/home/ada/.openclaw/agents/ops/agent/auth-profiles.json',
        expiresAt: now + 5 * 3_600_000 + 12 * 60_000 + 30_000,
        copies: ['claude-code'],
        reason: 'same login as claude-code',
      }),
    ],
  };
}

async function assertNoToken(page: Page): Promise<void> {
  const text = await pageText(page);
  const values = await page.evaluate<string>(
    `[...document.querySelectorAll('input')].map((i) => i.type === 'password' ? '' : i.value).join(' ')`,
  );
  assert.deepEqual(leakedTokens(text + values + (await page.content())), []);
}

describe('screenshots for the README (docs/screenshots)', () => {
  let browser: Browser;
  let h: Harness;
  let page: Page;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    const t = Date.now();
    h = await startApp(browser, { report: showcase(t), now: () => t });
    page = await h.open();
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  for (const scheme of ['light', 'dark'] as const)
    it(`writes the window in the ${scheme} theme`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await waitForText(page, '#worst', 'expiring');
      await assertNoToken(page);
      const file = join(OUT, `window-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000);
    });

  it('writes the paste dialog with a token pasted and its verdict shown', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('#paste-open');
    await page.fill('#paste-token', SETUP_TOKEN);
    await waitForText(page, '#paste-verdict', fakeVerdict(SETUP_TOKEN).message);
    await assertNoToken(page);
    const file = join(OUT, 'paste-dialog.png');
    await page.screenshot({ path: file });
    assert.ok(statSync(file).size > 10_000);
    assert.equal(
      FIXTURE_TOKENS.includes(await page.inputValue('#paste-token')),
      true,
      'the field holds the token, shown as dots',
    );
  });
});

/** The tray menu model drawn as a plain menu, since no tray can be shown headless. */
function menuPage(items: ReturnType<typeof trayMenu>, scheme: 'light' | 'dark'): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = items
    .map((i) =>
      i.type === 'separator'
        ? '<li class="sep"></li>'
        : `<li class="${i.id.startsWith('usage:') ? 'usage' : ''}">${i.type === 'checkbox' ? (i.checked ? '✓ ' : '&nbsp;&nbsp;&nbsp;') : ''}${esc(i.label)}</li>`,
    )
    .join('');
  const dark = scheme === 'dark';
  return `<!doctype html><meta charset="utf-8"><style>
    body{margin:0;padding:16px;background:${dark ? '#1e1e1e' : '#e8e8e8'};font:13px system-ui,sans-serif}
    ul{list-style:none;margin:0;padding:5px 0;width:max-content;min-width:340px;border-radius:8px;
      background:${dark ? '#2b2b2e' : '#fafafa'};color:${dark ? '#ececec' : '#1d1d1f'};
      box-shadow:0 6px 24px rgba(0,0,0,.35);border:1px solid ${dark ? '#444' : '#ccc'}}
    li{padding:3px 18px;white-space:pre}li.sep{height:1px;padding:0;margin:5px 0;background:${dark ? '#444' : '#d6d6d6'}}
    li.usage{font-variant-numeric:tabular-nums}
  </style><ul>${rows}</ul>`;
}

describe('screenshots of the usage windows (docs/screenshots)', () => {
  let browser: Browser;
  let h: Harness;
  let page: Page;
  const t = Date.now();
  const report = withUsage(showcase(t), t, { session: 42, week: 83 });
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    h = await startApp(browser, { report, now: () => t });
    page = await h.open();
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  for (const scheme of ['light', 'dark'] as const)
    it(`writes the window with usage bars in the ${scheme} theme`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForSelector('#usage:not([hidden]) [data-window="seven_day"]');
      await assertNoToken(page);
      const file = join(OUT, `window-usage-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000);
    });

  it('writes the tray menu with a line per usage window', async () => {
    const items = trayMenu({ report, paused: false, now: t, startAtLogin: true });
    assert.ok(items.some((i) => i.label.startsWith('Session 42 % · resets ')));
    const menu = await browser.newPage({ viewport: { width: 520, height: 560 } });
    try {
      await menu.setContent(menuPage(items, 'light'));
      assert.deepEqual(leakedTokens(await menu.content()), []);
      const file = join(OUT, 'tray-menu-usage.png');
      await menu.locator('ul').screenshot({ path: file });
      assert.ok(statSync(file).size > 5_000);
    } finally {
      await menu.close();
    }
  });
});

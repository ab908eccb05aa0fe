import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { credential, fixtureReport, withCredential } from '../fakes/fixture-report.ts';
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

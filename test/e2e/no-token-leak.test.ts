import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { Secret } from '../../main/core/kernel/secret.ts';
import { fixtureReport, withCredential } from '../fakes/fixture-report.ts';
import { ACCESS_TOKEN, API_KEY, REFRESH_TOKEN, SETUP_TOKEN, leakedTokens } from '../fakes/fixture-tokens.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { pageText, waitForText } from '../helpers/page.ts';

describe("a token's whole life through the app leaves no token outside main", () => {
  let browser: Browser;
  let h: Harness;
  before(async () => {
    browser = await launchChromium();
    h = await startApp(browser);
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('keeps every fixture token out of logs, IPC to the renderer, notifications and page text', async () => {
    const t = Date.now();
    const page = await h.open();
    const k = h.services.keeper;
    // a careless keeper puts raw tokens in its messages: main must still not pass them on
    k.emit({
      type: 'refreshed',
      at: t,
      credential: 'claude-code',
      fingerprint: new Secret(ACCESS_TOKEN).fingerprint,
      expiresAt: t + 8 * 3_600_000,
    });
    for (const attempt of [1, 2, 3])
      k.emit({
        type: 'refresh-failed',
        at: t,
        credential: 'claude-code',
        error: `invalid_grant for ${REFRESH_TOKEN}`,
        retryable: true,
        attempt,
        nextAttemptAt: t + 60_000,
      });
    k.emit({
      type: 'needs-reauth',
      at: t,
      credential: 'claude-code',
      reason: `rejected ${REFRESH_TOKEN}`,
      hint: 'claude /login',
      cause: 'refresh-rejected',
    });
    k.emit({ type: 'error', at: t, message: `Authorization: Bearer ${ACCESS_TOKEN}` });
    k.setReport(
      withCredential(fixtureReport(t), 'claude-code', {
        state: 'needs-reauth',
        reason: `store holds ${ACCESS_TOKEN}`,
        hint: 'claude /login',
      }),
      t,
    );
    h.logger.info(`pasting ${SETUP_TOKEN}`, { token: SETUP_TOKEN, nested: { refresh: REFRESH_TOKEN } });
    h.logger.error('failed', { error: new Error(`bad ${API_KEY}`).message });
    h.rawLog.warn(`raw electron-log line with ${ACCESS_TOKEN}`);

    await page.click('#paste-open');
    for (const value of [API_KEY, REFRESH_TOKEN, SETUP_TOKEN]) {
      await page.fill('#paste-token', value);
      await waitForText(page, '#paste-verdict', /\S/);
    }
    await page.click('#paste-submit');
    await waitForText(page, '#paste-result', /^Stored/);
    await page.click('#paste-cancel');
    await page.click('nav [data-view="timeline"]');
    await waitForText(page, '#event-list li:first-child span', /Checked/);
    await h.fake.windows[0]?.webContents.flush();

    assert.equal(h.services.pasted.length, 1);
    assert.ok(h.fake.notifications.length >= 2, 'refresh-failing and re-auth were notified');
    const notifications = h.fake.notifications.map((n) => `${n.options.title} ${n.options.body}`).join('\n');
    const ipc = JSON.stringify([h.fake.invokes.map((i) => i.result), h.fake.sentToRenderer]);
    const visible = (await pageText(page)) + (await page.content());
    await new Promise((r) => setTimeout(r, 200)); // electron-log writes files asynchronously
    const logs = h.logText();
    assert.match(logs, /pasting sk-ant-oat01-\[REDACTED\]/);
    assert.match(logs, /raw electron-log line/);
    assert.match(ipc, /invalid_grant for sk-ant-ort01-\[REDACTED\]/);
    for (const [where, text] of Object.entries({ logs, ipc, notifications, visible }))
      assert.deepEqual(leakedTokens(text), [], `a token leaked into ${where}`);
  });
});

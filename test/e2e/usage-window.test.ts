import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { fixtureReport, withUsage } from '../fakes/fixture-report.ts';
import { leakedTokens } from '../fakes/fixture-tokens.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { pageText, waitForText } from '../helpers/page.ts';

const labels = (h: Harness) => (h.fake.trays[0]?.menu ?? []).map((i) => i.label ?? '—');

describe('usage windows in the tray and the window (fake Electron, headless Chromium)', () => {
  let browser: Browser;
  let h: Harness;
  let t = Date.now();
  before(async () => {
    browser = await launchChromium();
    h = await startApp(browser, { report: withUsage(fixtureReport(t), t), now: () => t, platform: 'darwin' });
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('lists each window in the tray menu and the fullest one in the macOS menu bar', () => {
    const l = labels(h);
    assert.ok(
      l.some((x) => /^Session 42 % · resets (\w{3} )?\d\d:\d\d$/.test(x)),
      l.join('\n'),
    );
    assert.ok(l.some((x) => /^Week 63 % · resets \w{3} \d\d:\d\d$/.test(x)));
    assert.ok(l.some((x) => /^Week \(Sonnet\) 12 % · resets /.test(x)));
    assert.equal(h.fake.trays[0]?.titles.at(-1), '63%');
    h.fake.trays[0]?.clickItem('usage-refresh');
    assert.equal(h.services.keeper.calls.at(-1), 'usage-refresh');
  });

  it('shows a bar per window with its percentage and a live countdown to the reset', async () => {
    const page = await h.open({ view: 'credentials' });
    await page.waitForSelector('#usage:not([hidden]) [data-window="five_hour"]');
    const row = (id: string) => pageText(page).then(() => page.textContent(`[data-window="${id}"]`));
    assert.match(
      (await row('five_hour')) ?? '',
      /^Session\s*42 %\s*resets in 2 h 1[23] m \((\w{3} )?\d\d:\d\d\)$/,
    );
    assert.match((await row('seven_day')) ?? '', /^Week\s*63 %\s*resets in 4 d 6 h \(\w{3} \d\d:\d\d\)$/);
    assert.equal(await page.getAttribute('[data-window="five_hour"] svg.meter rect.fill', 'width'), '42');
    assert.equal(
      await page.getAttribute('[data-window="seven_day"] .usage-percent', 'class'),
      'usage-percent ok',
    );
    assert.match((await page.textContent('.usage-head')) ?? '', /claude-code and 1 copy/);
    // main's clock moves on: the countdown follows it within a second
    t += 60 * 60_000;
    h.services.keeper.setReport(withUsage(fixtureReport(t - 60 * 60_000), t - 60 * 60_000), t);
    await waitForText(page, '[data-window="five_hour"] .usage-reset', /^resets in 1 h 1[23] m/);
    assert.deepEqual(leakedTokens(await page.content()), []);
  });

  it('notifies at 80 % and 95 % of a window, and the click opens the window on the usage', async () => {
    const before = h.fake.notifications.length;
    h.services.keeper.setReport(withUsage(fixtureReport(t), t, { session: 83 }), t);
    h.services.keeper.setReport(withUsage(fixtureReport(t), t, { session: 84 }), t);
    h.services.keeper.setReport(withUsage(fixtureReport(t), t, { session: 97 }), t);
    const raised = h.fake.notifications.slice(before).map((n) => n.options.title);
    assert.deepEqual(raised, ['Session 83 % used', 'Session 97 % used']);
    h.fake.notifications.at(-1)?.click();
    const page = await h.page();
    assert.equal(await page.isVisible('#view-credentials'), true);
    await waitForText(page, '[data-window="five_hour"] .usage-percent', '97 %');
    assert.equal(
      await page.getAttribute('[data-window="five_hour"] .usage-percent', 'class'),
      'usage-percent broken',
    );
  });

  it('says "usage unknown" with the reason, and nothing about the login\'s state', async () => {
    h.services.keeper.setReport(
      withUsage(fixtureReport(t), t, {
        status: 'unknown',
        reason: 'the usage endpoint is rate-limiting this token (HTTP 429)',
      }),
      t,
    );
    const page = await h.page();
    await waitForText(
      page,
      '.usage-note',
      'Usage unknown: the usage endpoint is rate-limiting this token (HTTP 429)',
    );
    assert.equal(await page.textContent('#worst'), 'ok');
    assert.ok(labels(h).includes('Usage unknown: the usage endpoint is rate-limiting this token (HTTP 429)'));
    assert.equal(h.fake.trays[0]?.titles.at(-1), '');
  });
});

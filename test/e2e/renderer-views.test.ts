import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fixtureReport, withCredential } from '../fakes/fixture-report.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { waitForText } from '../helpers/page.ts';

describe('the window in Chromium, every view', () => {
  let browser: Browser;
  let h: Harness;
  let page: Page;
  const t = Date.now();
  before(async () => {
    browser = await launchChromium();
    h = await startApp(browser, { now: () => t });
    h.services.keeper.emit({
      type: 'refreshed',
      at: t - 60_000,
      credential: 'claude-code',
      fingerprint: 'sha256:0123456789ab',
      expiresAt: t + 8 * 3_600_000,
    });
    page = await h.open();
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('lists each credential with a live countdown, owner, where it lives and its copies', async () => {
    const cards = page.locator('#credential-list [data-credential]');
    assert.equal(await cards.count(), 3);
    const first = page.locator('[data-credential="claude-code"]');
    assert.match(await first.locator('.expiry').innerText(), /^expires in 5 h 1[12] m$/);
    const text = await first.innerText();
    assert.match(text, /claude-code — renewed by Claude Code/);
    assert.match(text, /\/home\/ada\/\.claude\/\.credentials\.json/);
    assert.match(text, /openclaw:main\/anthropic:default/);
    assert.match(text, /sk-ant-oat01-…/);
    assert.match(
      await page.locator('[data-credential="openclaw:main/anthropic:manual"]').innerText(),
      /nothing renews it/,
    );
    assert.equal(await page.textContent('#worst'), 'ok');
  });

  it('says per agent what the gateway sends, and on each card whether it is sent', async () => {
    const route = page.locator('[data-route="openclaw:main"]');
    assert.match(
      await route.innerText(),
      /Sends openclaw:main\/anthropic:default, then openclaw:main\/anthropic:manual/,
    );
    assert.match(await route.innerText(), /anthropic\/claude-sonnet-4-5/);
    assert.match(
      await page.locator('[data-credential="openclaw:main/anthropic:manual"] .sent').innerText(),
      /fallback for agent main/,
    );
    assert.match(
      await page.locator('[data-credential="openclaw:main/anthropic:default"] .sent').innerText(),
      /first for agent main/,
    );
  });

  it('follows status events live and offers the fix for a broken credential', async () => {
    h.services.keeper.setReport(
      withCredential(fixtureReport(t), 'claude-code', {
        state: 'needs-reauth',
        reason: 'refresh token rejected',
        hint: 'claude /login',
      }),
      t,
    );
    await waitForText(page, '#worst', 'needs-reauth');
    const card = page.locator('[data-credential="claude-code"]');
    assert.match(await card.innerText(), /claude \/login/);
    await card.getByRole('button', { name: 'How to fix' }).click();
    assert.equal(await page.isVisible('#view-fix'), true);
    await waitForText(page, '#fix-command', 'claude /login');
    assert.equal(await page.textContent('#fix-reason'), 'refresh token rejected');
  });

  it('shows the timeline newest first and adds live events', async () => {
    await page.click('nav [data-view="timeline"]');
    assert.equal(await page.isVisible('#view-timeline'), true);
    const rows = page.locator('#event-list li');
    assert.match(await rows.first().innerText(), /Checked 3 credentials: needs-reauth/);
    assert.match(await rows.last().innerText(), /Refreshed claude-code \(sha256:0123456789ab\)/);
    h.services.keeper.emit({
      type: 'sync-failed',
      at: t,
      link: 'claude-code→openclaw',
      target: 'openclaw:ops',
      error: 'file is locked',
    });
    await waitForText(
      page,
      '#event-list li:first-child span',
      'Could not copy claude-code→openclaw to openclaw:ops: file is locked',
    );
    assert.equal(await page.getAttribute('#event-list li:first-child', 'class'), 'event broken');
  });

  it('previews a doctor fix as a dry run, then applies it', async () => {
    await page.click('nav [data-view="doctor"]');
    const fixable = page.locator('[data-finding="mode-type-mismatch:openclaw:main/anthropic:manual"]');
    await fixable.waitFor();
    assert.match(await fixable.innerText(), /set auth\.profiles\["anthropic:manual"\]\.mode to "token"/);
    assert.match(
      await page.locator('[data-finding^="env-shadows-store"]').innerText(),
      /Remove the ANTHROPIC_API_KEY line/,
    );
    await fixable.getByRole('button', { name: 'Preview (dry run)' }).click();
    await waitForText(page, '[data-finding^="mode-type"] .outcome', /^Would apply: mode-type-mismatch/);
    assert.equal(h.services.findings.length, 2);
    await fixable.getByRole('button', { name: 'Apply' }).click();
    await fixable.waitFor({ state: 'detached' });
    assert.deepEqual(
      h.services.applied.map((a) => a.dryRun),
      [true, false],
    );
    assert.equal(await page.locator('#finding-list [data-finding]').count(), 1);
  });

  it('loads and saves settings, including start at login and the gateway reload command', async () => {
    await page.click('nav [data-view="settings"]');
    await waitForText(page, '#set-logs-dir', h.services.logsDir);
    assert.equal(await page.inputValue('#set-lead'), '60');
    assert.equal(await page.inputValue('#set-strategy'), 'peer');
    assert.equal(await page.inputValue('#set-notify-days'), '14, 3, 1');
    await page.fill('#set-lead', '0');
    await page.click('#settings-form button[type="submit"]');
    await waitForText(page, '#set-result', 'Refresh lead time must be a number in range');
    await page.fill('#set-lead', '90');
    await page.selectOption('#set-strategy', 'claude-cli');
    await page.fill('#set-reload', 'openclaw secrets reload');
    await page.fill('#set-notify-days', '30, 7, 1');
    await page.check('#set-login');
    await page.click('#settings-form button[type="submit"]');
    await waitForText(page, '#set-result', 'Saved.');
    const s = h.services.settings() as ReturnType<typeof h.services.settings> & {
      gateway?: { reloadCommand: string[] };
    };
    assert.equal(s.refresh.leadMinutes, 90);
    assert.equal(s.refresh.strategy, 'claude-cli');
    assert.deepEqual(s.notifications.staticWarnDays, [30, 7, 1]);
    assert.deepEqual(s.gateway?.reloadCommand, ['openclaw', 'secrets', 'reload']);
    const desktop = join(h.home, '.config/autostart/clawkeeper.desktop');
    assert.ok(existsSync(desktop));
    assert.match(readFileSync(desktop, 'utf8'), /^Exec=\/opt\/Clawkeeper\/clawkeeper --hidden$/m);
    await page.click('a[href="https://docs.openclaw.ai/automation/auth-monitoring"]');
    await page.click('#open-logs');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(h.fake.opened.external, ['https://docs.openclaw.ai/automation/auth-monitoring']);
    assert.deepEqual(h.fake.opened.paths, [h.services.logsDir]);
  });

  it('runs the header actions and reflects pause', async () => {
    await page.click('#refresh');
    await page.click('#sync');
    await page.click('#pause');
    await waitForText(page, '#pause', 'Resume keeping');
    assert.equal(await page.textContent('#worst'), 'paused');
    await page.click('#pause');
    await waitForText(page, '#pause', 'Pause keeping');
    assert.deepEqual(h.services.keeper.calls.slice(1), ['refresh', 'sync']);
  });

  it('is keyboard-usable with every control labelled', async () => {
    await page.focus('nav [data-view="credentials"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.isVisible('#view-timeline'), true);
    assert.equal(await page.getAttribute('nav [data-view="timeline"]', 'aria-current'), 'page');
    const unlabelled = await page.evaluate(
      `[...document.querySelectorAll('input, select, textarea')].filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id)`,
    );
    assert.deepEqual(unlabelled, []);
    await page.click('#paste-open');
    assert.equal(await page.evaluate('document.activeElement.id'), 'paste-token');
    await page.keyboard.press('Escape');
    await page.locator('#paste-dialog').waitFor({ state: 'hidden' });
  });
});

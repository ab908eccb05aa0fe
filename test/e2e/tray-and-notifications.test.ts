import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { fixtureReport, withCredential } from '../fakes/fixture-report.ts';
import { launchChromium, ROOT, startApp, type Harness } from '../helpers/app-harness.ts';
import { waitForText } from '../helpers/page.ts';

const H = 3_600_000;
const labels = (h: Harness) => (h.fake.trays[0]?.menu ?? []).map((i) => i.label ?? '—');

describe('tray and notifications, end to end on the fake Electron', () => {
  let browser: Browser;
  let h: Harness;
  let t = Date.parse('2026-03-02T09:00:00Z');
  before(async () => {
    browser = await launchChromium();
    h = await startApp(browser, { now: () => t });
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('starts in the tray only: keeper started, no window, no dock icon on Linux either', () => {
    assert.deepEqual(h.services.keeper.calls, ['start']);
    assert.equal(h.fake.windows.length, 0);
    assert.equal(h.fake.trays.length, 1);
    assert.equal(h.fake.trays[0]?.image, join(ROOT, 'assets', 'tray-ok.png'));
    assert.equal(h.fake.trays[0]?.tooltip, 'Clawkeeper: 3 credentials, all ok');
    assert.deepEqual(labels(h).slice(0, 3), [
      'claude-code — ok, expires in 5 h 12 m',
      'openclaw:main/anthropic:default — ok, expires in 5 h 12 m',
      'openclaw:main/anthropic:manual — ok, expires in 200 d',
    ]);
  });

  it('updates the tray menu model, tooltip and icon when the keeper reports a new status', () => {
    const report = withCredential(fixtureReport(t), 'claude-code', {
      state: 'needs-reauth',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'claude /login',
      expiresAt: t - H,
    });
    h.services.keeper.setReport(report, t);
    assert.equal(labels(h)[0], 'claude-code — needs-reauth, expired 1 h ago');
    assert.equal(h.fake.trays[0]?.image, join(ROOT, 'assets', 'tray-broken.png'));
    assert.equal(h.fake.trays[0]?.tooltip, 'Clawkeeper: claude-code needs-reauth');
  });

  it('raises one notification for a needs-reauth event and opens the window on the fix when clicked', async () => {
    const before = h.fake.notifications.length;
    t += 1000;
    h.services.keeper.emit({
      type: 'needs-reauth',
      at: t,
      credential: 'claude-code',
      reason: 'the refresh token was rejected (invalid_grant)',
      hint: 'claude /login',
      cause: 'refresh-rejected',
    });
    // the status event above already notified for this credential: the event is a duplicate
    const raised = h.fake.notifications.slice(before === 0 ? 0 : before - 1);
    assert.equal(h.fake.notifications.length, 1);
    const n = raised[0];
    assert.equal(n?.options.title, 'Claude login needs you');
    assert.match(
      n?.options.body ?? '',
      /claude-code: the refresh token was rejected \(invalid_grant\)\. Fix: claude \/login/,
    );
    assert.equal(h.fake.windows.length, 0);
    n?.click();
    const page = await h.page();
    assert.equal(await page.isVisible('#view-fix'), true);
    await waitForText(page, '#fix-command', 'claude /login');
    await page.click('button[aria-label="Copy command: claude /login"]');
    await waitForText(page, 'button[aria-label="Copy command: claude /login"]', 'Copied');
    assert.deepEqual(h.fake.opened.clipboard, ['claude /login']);
  });

  it('escalates a setup-token expiry from 14 d to 3 d to 1 d, once each, and its click opens the paste dialog', async () => {
    const at = (days: number) =>
      withCredential(fixtureReport(t), 'openclaw:main/anthropic:manual', {
        expiresAt: t + days * 24 * H + 60_000,
      });
    const count = () =>
      h.fake.notifications.filter((n) => n.options.title.startsWith('Setup-token expires')).length;
    h.services.keeper.setReport(at(13), t);
    h.services.keeper.setReport(at(12), t);
    assert.equal(count(), 1);
    h.services.keeper.setReport(at(2), t);
    h.services.keeper.setReport(at(0.5), t);
    assert.equal(count(), 3);
    assert.equal(h.fake.trays[0]?.image, join(ROOT, 'assets', 'tray-ok.png'));
    h.fake.notifications.at(-1)?.click();
    const page = await h.page();
    await page.waitForSelector('#paste-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#paste-dialog', { state: 'hidden' });
  });

  it('runs the tray actions against the keeper and the window', async () => {
    const tray = h.fake.trays[0];
    tray?.clickItem('refresh');
    tray?.clickItem('sync');
    assert.deepEqual(h.services.keeper.calls.slice(-2), ['refresh', 'sync']);
    tray?.clickItem('pause');
    assert.equal(h.services.keeper.paused, true);
    assert.equal(tray?.image, join(ROOT, 'assets', 'tray-paused.png'));
    assert.equal(labels(h).includes('Resume keeping'), true);
    tray?.clickItem('pause');
    tray?.clickItem('logs');
    assert.deepEqual(h.fake.opened.paths, [h.services.logsDir]);
    tray?.clickItem('login');
    assert.equal(tray?.menu.find((i) => i.id === 'login')?.checked, true);
    tray?.clickItem('doctor');
    const page = await h.page();
    await page.waitForSelector('#view-doctor:not([hidden]) [data-finding]');
  });

  it('hides the window on close and quits cleanly: keeper stopped, tray gone, handlers removed', async () => {
    const win = h.fake.windows[0];
    win?.close();
    assert.equal(win?.isDestroyed(), false);
    assert.equal(win?.isVisible(), false);
    h.fake.trays[0]?.clickItem('quit');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.services.keeper.calls.at(-1), 'stop');
    assert.equal(h.services.keeper.listenerCount, 0);
    assert.equal(h.fake.trays[0]?.destroyed, true);
    assert.equal(h.fake.app.quitted, true);
    await assert.rejects(
      h.fake.ipcMain.invokeAs({ sender: { id: 1 }, senderFrame: null }, 'status:get'),
      /No handler/,
    );
  });
});

describe('single instance', () => {
  it('a second instance quits at once and starts nothing', async () => {
    const { createApp } = await import('../../main/index.ts');
    const { createFakeElectron } = await import('../fakes/fake-electron.ts');
    const { createFakeServices } = await import('../fakes/fake-services.ts');
    const fake = createFakeElectron({
      browser: null,
      preloadPath: '',
      home: '/nonexistent',
      singleInstance: false,
    });
    const services = createFakeServices();
    const noop = () => {};
    const app = await createApp({
      electron: fake.electron,
      services,
      logger: { debug: noop, info: noop, warn: noop, error: noop },
      paths: { preload: '', rendererIndex: '', assets: '' },
    });
    assert.equal(app, null);
    assert.equal(fake.app.quitRequested, 1);
    assert.deepEqual(services.keeper.calls, []);
    assert.equal(fake.trays.length, 0);
  });
});

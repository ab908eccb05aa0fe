import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AppServices } from '../../main/core/contracts.ts';
import type { Keeper } from '../../main/core/keeper/keeper.ts';
import { createNodeServices } from '../../main/compose/tray-services.ts';
import { FixtureHome } from '../helpers/fixture-home.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { waitForText } from '../helpers/page.ts';

describe('usage warning thresholds edited in the window (real settings file, headless Chromium, fake Electron)', () => {
  let browser: Browser;
  let home: FixtureHome;
  let h: Harness<AppServices>;
  let page: Page;
  let file = '';
  const original = {
    refresh: { leadMinutes: 45 },
    usage: { intervalMinutes: 30, thresholds: [80, 95], aKnobFromANewerRelease: 'kept' },
    aSectionFromANewerRelease: { note: 'kept too' },
  };

  before(async () => {
    browser = await launchChromium();
    home = await FixtureHome.create();
    await mkdir(home.path('.config/clawkeeper'), { recursive: true, mode: 0o700 });
    file = home.path('.config/clawkeeper/settings.json');
    await writeFile(file, JSON.stringify(original, null, 2) + '\n', { mode: 0o600 });
    const vars = home.env({ CLAWKEEPER_DATA_DIR: home.path('data') });
    h = await startApp<AppServices>(browser, {
      services: ({ logger, logsDir }) => createNodeServices({ vars, logger, logsDir }),
    });
    await (h.services.keeper as Keeper).settled();
    page = await h.open({ view: 'settings' });
  });
  after(async () => {
    await h.close();
    await browser.close();
    await home.cleanup();
  });

  // the result line of the save before says "Saved." too: clear it, so waiting for it waits for this save
  const save = async () => {
    await page.evaluate(`document.querySelector('#set-result').textContent = ''`);
    await page.click('#settings-form button[type="submit"]');
  };
  const saved = async () => JSON.parse(await readFile(file, 'utf8')) as typeof original;

  it('shows the thresholds from the settings file', async () => {
    await waitForText(page, '#set-logs-dir', h.services.logsDir);
    assert.equal(await page.inputValue('#set-usage-thresholds'), '80, 95');
    assert.equal(await page.inputValue('#set-lead'), '45');
  });

  it('says inline what is wrong while typing and on save, and writes nothing', async () => {
    const before = await readFile(file, 'utf8');
    await page.fill('#set-usage-thresholds', '50, 120');
    await waitForText(
      page,
      '#set-usage-thresholds-note',
      /^Usage warnings: "120" is not a percentage from 1 to 100/,
    );
    assert.equal(await page.getAttribute('#set-usage-thresholds', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#set-usage-thresholds-note', 'class'), 'error');
    await save();
    await waitForText(page, '#set-result', /^Usage warnings: "120" is not a percentage/);
    await page.fill('#set-usage-thresholds', '10 20 30 40 50 60');
    await waitForText(page, '#set-usage-thresholds-note', /at most 5 thresholds \(6 given\)/);
    await save();
    await waitForText(page, '#set-result', /at most 5 thresholds/);
    assert.equal(await readFile(file, 'utf8'), before, 'the settings file is untouched');
    assert.deepEqual(h.services.settings().usage.thresholds, [80, 95]);
  });

  it('saves new thresholds sorted into the settings file, keeping every other field, and they take effect', async () => {
    await page.fill('#set-usage-thresholds', '90, 50 %, 70, 90');
    await waitForText(
      page,
      '#set-usage-thresholds-note',
      'Up to 5, from 1 to 100; empty: no usage warnings.',
    );
    assert.equal(await page.getAttribute('#set-usage-thresholds', 'aria-invalid'), 'false');
    await save();
    await waitForText(page, '#set-result', 'Saved.');
    const s = await saved();
    assert.deepEqual(s.usage.thresholds, [50, 70, 90]);
    // what the window does not edit is kept, including fields this release does not know
    assert.equal(s.usage.intervalMinutes, 30);
    assert.equal(s.usage.aKnobFromANewerRelease, 'kept');
    assert.deepEqual(s.aSectionFromANewerRelease, { note: 'kept too' });
    assert.equal(s.refresh.leadMinutes, 45);
    assert.deepEqual(h.services.settings().usage.thresholds, [50, 70, 90]);
    assert.equal(await page.inputValue('#set-usage-thresholds'), '50, 70, 90');
  });

  it('an empty field turns usage warnings off (an empty list in the file)', async () => {
    await page.fill('#set-usage-thresholds', '');
    await save();
    await waitForText(page, '#set-result', 'Saved.');
    assert.deepEqual((await saved()).usage.thresholds, []);
    assert.equal((await saved()).usage.aKnobFromANewerRelease, 'kept');
  });
});

import assert from 'node:assert/strict';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Keeper } from '../../main/core/keeper/keeper.ts';
import type { AppServices } from '../../main/core/contracts.ts';
import { createNodeServices } from '../../main/compose/tray-services.ts';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, fakeToken, FixtureHome, HOUR } from '../helpers/fixture-home.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { waitForText } from '../helpers/page.ts';

const until = async (what: string, pred: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('the whole app on real services (real files, keeper, HTTP, Chromium; fake Electron)', () => {
  const endpoint = new FakeTokenEndpoint();
  let browser: Browser;
  let home: FixtureHome;
  let h: Harness<AppServices>;
  const tokens: string[] = [];
  const first = access('app-first');
  const deadRefresh = fakeToken('sk-ant-ort01-', 'app-dead');
  const setupToken = fakeToken('sk-ant-oat01-', 'app-setup', 100);
  let store = '';

  before(async () => {
    await endpoint.start();
    browser = await launchChromium();
    home = await FixtureHome.create();
    await home.claude(
      claudeCredentials({ access: first, refresh: deadRefresh, expiresAt: Date.now() + 10 * 60_000 }),
    );
    store = await home.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: first,
          expires: Date.now() + 10 * 60_000,
        },
      },
    });
    tokens.push(first, deadRefresh, setupToken);
    const vars = home.env({ CLAWKEEPER_TOKEN_URL: endpoint.url, CLAWKEEPER_DATA_DIR: home.path('data') });
    h = await startApp<AppServices>(browser, {
      services: ({ logger, logsDir }) => createNodeServices({ vars, logger, logsDir }),
    });
    await (h.services.keeper as Keeper).settled();
  });
  after(async () => {
    await h.close();
    await browser.close();
    await endpoint.stop();
    await home.cleanup();
  });

  it('a rejected refresh raises one notification whose click opens the window on the fix', async () => {
    await until('the re-auth notification', () =>
      h.fake.notifications.some((n) => /needs you/.test(n.options.title)),
    );
    assert.equal(endpoint.invalidGrants, 1);
    const n = h.fake.notifications.find((x) => /needs you/.test(x.options.title));
    assert.match(n?.options.body ?? '', /rejected/);
    n?.click();
    const page = await h.page();
    assert.equal(await page.isVisible('#view-fix'), true);
    await waitForText(page, '#fix-command', /login/);
  });

  it('a new login written by Claude Code (rename-over) updates the tray menu and the linked copy', async () => {
    const second = access('app-second');
    tokens.push(second);
    const refreshed = endpoint.issue();
    tokens.push(refreshed);
    await writeFile(
      home.path('.claude/.new'),
      JSON.stringify(
        claudeCredentials({ access: second, refresh: refreshed, expiresAt: Date.now() + 8 * HOUR }),
      ),
      { mode: 0o600 },
    );
    await rename(home.path('.claude/.new'), home.path('.claude/.credentials.json'));
    await until('the tray to show the new expiry', () =>
      (h.fake.trays[0]?.menu ?? []).some((i) =>
        /^claude-code — ok, expires in 7 h 5\d m/.test(i.label ?? ''),
      ),
    );
    await until('the copy to be synced', async () => (await readFile(store, 'utf8')).includes(second));
    assert.equal(endpoint.invalidGrants, 1, 'the dead refresh token was never tried again');
  });

  it('a setup-token typed into the paste dialog is validated inline and lands in the OpenClaw store', async () => {
    h.fake.trays[0]?.clickItem('paste');
    const page = await h.page();
    await page.waitForSelector('#paste-dialog[open]');
    await page.fill('#paste-token', setupToken.slice(0, 40));
    await waitForText(page, '#paste-verdict', /truncated|short/i);
    assert.equal(await page.isDisabled('#paste-submit'), true);
    await page.fill('#paste-token', setupToken.slice(0, 50) + '\n' + setupToken.slice(50));
    await until('the submit button', async () => !(await page.isDisabled('#paste-submit')));
    await page.click('#paste-submit');
    await waitForText(page, '#paste-result', /^Stored/);
    const doc = JSON.parse(await readFile(store, 'utf8')) as {
      profiles: Record<string, { type: string; token: string; expires: number }>;
    };
    assert.equal(doc.profiles['anthropic:manual']?.type, 'token');
    assert.equal(doc.profiles['anthropic:manual']?.token, setupToken);
    assert.ok((doc.profiles['anthropic:manual']?.expires ?? 0) > Date.now() + 300 * 24 * HOUR);
  });

  it('no token of that whole life reached a log, the window, a notification or the page text', async () => {
    const page = await h.page();
    const pageText = (await page.innerText('body')) + (await page.content());
    const logs =
      h.logText() + (await readFile(home.path('data/logs/clawkeeper.log'), 'utf8').catch(() => ''));
    const sent = JSON.stringify(h.fake.sentToRenderer);
    const notes = JSON.stringify(h.fake.notifications.map((n) => n.options));
    assert.ok(sent.length > 1000, 'the window did receive status payloads');
    for (const t of tokens) {
      const body = t.slice(13, 60);
      for (const [where, text] of Object.entries({ logs, sent, notes, pageText }))
        assert.ok(!text.includes(body), `a token reached ${where}`);
    }
  });
});

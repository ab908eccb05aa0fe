import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { fakeVerdict } from '../fakes/fake-services.ts';
import { API_KEY, REFRESH_TOKEN, SETUP_TOKEN, leakedTokens } from '../fakes/fixture-tokens.ts';
import { launchChromium, startApp, type Harness } from '../helpers/app-harness.ts';
import { waitForText } from '../helpers/page.ts';

describe('paste setup-token dialog, end to end on the fake Electron', () => {
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

  it('validates a typed token inline with the CLI messages and stores it exactly once', async () => {
    h.fake.trays[0]?.clickItem('paste');
    const page = await h.page();
    await page.waitForSelector('#paste-dialog[open]');
    const cases: Array<[string, boolean]> = [
      [REFRESH_TOKEN, false],
      [API_KEY, false],
      ['abc#def', false],
      ['sk-ant-oat01-tooShort', false],
      ['sk-ant-oat01-' + 'x'.repeat(70) + '!?', false],
      ['hello-this-has-no-known-prefix-at-all-0123456789', false],
      [SETUP_TOKEN.slice(0, 50) + ' ' + SETUP_TOKEN.slice(50), true],
      ['', false],
      [SETUP_TOKEN, true],
    ];
    for (const [value, ok] of cases) {
      const expected = fakeVerdict(value).message;
      await page.fill('#paste-token', value);
      await waitForText(page, '#paste-verdict', expected);
      assert.equal(
        await page.isDisabled('#paste-submit'),
        !ok,
        `submit state for ${fakeVerdict(value).class}`,
      );
      if (value === API_KEY) assert.equal(await page.isVisible('#paste-as-api-key'), true);
    }
    await page.uncheck('#paste-agents input[value="ops"]');
    await page.click('#paste-submit');
    await waitForText(page, '#paste-result', /^Stored/);
    assert.match(
      (await page.textContent('#paste-result')) ?? '',
      /Stored sk-ant-oat01-….{4} for 1 agent\(s\): main\./,
    );
    assert.equal(await page.inputValue('#paste-token'), '');
    assert.equal(h.services.pasted.length, 1);
    const req = h.services.pasted[0];
    assert.equal(req?.token.reveal(), SETUP_TOKEN);
    assert.deepEqual(req?.agents, ['main']);
    assert.equal(req?.expiresInDays, 365);
    assert.equal(req?.profileId, 'anthropic:manual');
    const toRenderer = JSON.stringify([h.fake.invokes.map((i) => i.result), h.fake.sentToRenderer]);
    assert.deepEqual(leakedTokens(toRenderer), []);
    assert.deepEqual(leakedTokens(await page.content()), []);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { unreachablePart } from '../../main/core/hosts/host-report.ts';
import { createFakeServices, type FakeServices } from '../fakes/fake-services.ts';
import { FakeHosts, fleet, twoHosts } from '../fakes/fake-hosts.ts';
import { formatTime } from '../../common/duration.ts';
import { fixtureReport } from '../fakes/fixture-report.ts';
import { leakedTokens } from '../fakes/fixture-tokens.ts';
import { launchChromium, ROOT, startApp, type Harness } from '../helpers/app-harness.ts';
import { pageText, waitForText } from '../helpers/page.ts';

const OUT = join(ROOT, 'docs', 'screenshots');

describe('the window and tray with remote hosts', () => {
  let browser: Browser;
  let h: Harness<FakeServices & { hosts: FakeHosts }>;
  let page: Page;
  const t = Date.now();
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    const hosts = new FakeHosts(twoHosts(t));
    h = await startApp(browser, {
      now: () => t,
      services: ({ logsDir }) =>
        Promise.resolve({ ...createFakeServices({ report: fixtureReport(t), logsDir }), hosts }),
    });
    page = await h.open();
  });
  after(async () => {
    await h.close();
    await browser.close();
  });

  it('opens on a glance over every host: grouped by worst state, copies under their login, a week picture', async () => {
    await waitForText(page, '#h-glance', 'All hosts (3)');
    // after the countdown ticker ran at least once: it must not rewrite a host's row
    await page.waitForTimeout(1200);
    const rows = await page.evaluate<string[]>(`[...document.querySelectorAll('#glance tbody tr')].map((tr) =>
        tr.classList.contains('group-row') ? '## ' + tr.textContent.trim()
        : tr.classList.contains('host-row') ? '# ' + tr.textContent.trim()
        : [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim()).join(' | '))`);
    const seen = formatTime(t - 3 * 3_600_000, t);
    // the countdowns move with the page's clock: the expiry words are checked by shape
    const shape = rows.map((r) => r.replace(/expires in [\d dhm]+$/, 'expires in …'));
    assert.deepEqual(shape, [
      '# This machine',
      'claude-code | ok | expires in …',
      '↳ openclaw:main/anthropic:default | ok | expires in …',
      'openclaw:main/anthropic:manual | ok | expires in …',
      '## unreachable 1 host',
      `# nas · ssh://admin@nas.local:2222 — last seen ${seen}`,
      'nas did not answer within 10 s | unreachable | —',
      `openclaw:main/anthropic:manual | ok then | held at ${seen}`,
      '## expiring 1 host',
      '# vps · ada@vps.example.com',
      'openclaw:ops/anthropic:claude-cli | ok | expires in …',
      '↳ openclaw:main/anthropic:claude-cli | ok | expires in …',
      '↳ openclaw:work/anthropic:claude-cli | ok | expires in …',
      'openclaw:main/anthropic:manual | expiring | expires in …',
    ]);
    assert.doesNotMatch(await pageText(page), /never expires/);
    // the login's refresh tick sits before its expiry (lead 60 min), inside the first day
    const marks = await page.evaluate<Array<[string, number]>>(
      `[...document.querySelectorAll('#glance tbody tr[data-row="local/claude-code"] svg rect')].map((r) => [r.getAttribute('class'), Number(r.getAttribute('x'))])`,
    );
    const refresh = marks.find(([c]) => c === 'refresh-mark')?.[1] ?? -1;
    const expiry = marks.find(([c]) => c === 'expiry-mark')?.[1] ?? -1;
    assert.ok(refresh > 0 && refresh < expiry && expiry < 100, JSON.stringify(marks));
    assert.match(await pageText(page), /goes stale while this machine sleeps/);
    assert.equal(
      await page.textContent('#worst'),
      'unreachable',
      'the header shows the worst over every host',
    );
    assert.deepEqual(leakedTokens((await pageText(page)) + (await page.content())), []);
  });

  for (const scheme of ['light', 'dark'] as const)
    it(`writes the window with two hosts in the ${scheme} theme`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await waitForText(page, '#h-glance', 'All hosts (3)');
      const file = join(OUT, `window-hosts-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000);
    });

  it('keeps 50 hosts readable: the healthy ones folded into one line until asked, light and dark', async () => {
    const many = new FakeHosts(fleet(t, 50));
    const big = await startApp(browser, {
      now: () => t,
      services: ({ logsDir }) =>
        Promise.resolve({ ...createFakeServices({ report: fixtureReport(t), logsDir }), hosts: many }),
    });
    try {
      const p = await big.open();
      await waitForText(p, '#h-glance', 'All hosts (51)');
      const groups = await p.evaluate<string[]>(
        `[...document.querySelectorAll('#glance tr.group-row')].map((tr) => tr.textContent.trim())`,
      );
      assert.deepEqual(groups, [
        'expired 1 host',
        'unreachable 2 hosts',
        'expiring 4 hosts',
        'ok 43 hosts — all fine: show 43 (gw-01, gw-02, gw-03, gw-04, gw-05, gw-06, …)',
      ]);
      const shownRows = await p.evaluate<number>(
        `document.querySelectorAll('#glance tbody tr:not(.group-row):not(.host-row)').length`,
      );
      assert.equal(shownRows, 3 + 1 + 2 + 4, 'this machine and the hosts in trouble only');
      for (const scheme of ['light', 'dark'] as const) {
        await p.emulateMedia({ colorScheme: scheme });
        const file = join(OUT, `window-hosts-50-${scheme}.png`);
        await p.screenshot({ path: file, fullPage: true });
        assert.ok(statSync(file).size > 10_000);
      }
      await p.click('#glance button.link');
      await p.waitForFunction(
        `document.querySelectorAll('#glance tbody tr:not(.group-row):not(.host-row)').length === 53`,
      );
      assert.deepEqual(leakedTokens((await pageText(p)) + (await p.content())), []);
    } finally {
      await big.close();
    }
  });

  it('groups the tray menu by host and checks the hosts on demand', () => {
    const labels = h.app.tray.model.filter((i) => i.type !== 'separator').map((i) => i.label);
    const at = (l: string) => labels.indexOf(l);
    assert.ok(at('This machine — ok') === 0, labels.join('\n'));
    assert.ok(at('vps — expiring') > at('    claude-code — ok, expires in 5 h 12 m'));
    assert.ok(
      labels.some((l) => l.startsWith('    openclaw:main/anthropic:manual — expiring, expires in 2 d')),
    );
    assert.ok(at('nas — unreachable: nas did not answer within 10 s') > at('vps — expiring'));
    const check = h.app.tray.model.find((i) => i.id === 'hosts-refresh');
    assert.equal(check?.label, 'Check hosts now');
    h.fake.trays.at(-1)?.clickItem('hosts-refresh');
    assert.deepEqual(h.services.hosts.calls, ['start', 'refresh']);
  });

  it('names the host in a notification when its host key changed', () => {
    const before = h.fake.notifications.length;
    h.services.hosts.emit(
      unreachablePart(
        { name: 'nas', destination: 'admin@nas' },
        { kind: 'host-key-changed', message: 'the host key of nas has CHANGED', hint: "ssh-keygen -R 'nas'" },
        t,
        5,
      ),
    );
    const raised = h.fake.notifications.slice(before);
    assert.equal(raised.length, 1);
    assert.equal(raised[0]?.options.title, 'nas: host key changed');
    assert.match(raised[0]?.options.body ?? '', /ssh-keygen -R 'nas'/);
    assert.equal(
      h.app.tray.model.find((i) => i.id === 'host:nas')?.label.startsWith('nas — unreachable'),
      true,
    );
  });
});

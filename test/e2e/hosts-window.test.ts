import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { unreachablePart } from '../../main/core/hosts/host-report.ts';
import { createFakeServices, type FakeServices } from '../fakes/fake-services.ts';
import { FakeHosts, twoHosts } from '../fakes/fake-hosts.ts';
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

  it('opens on a glance over every host: one row per host and login, copies nested, a week picture', async () => {
    await waitForText(page, '#h-glance', 'All hosts (3)');
    const rows = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#glance tbody tr')].map((tr) => tr.classList.contains('host-row')
        ? '# ' + tr.textContent.trim()
        : [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent.trim()).join(' | '))`,
    );
    assert.deepEqual(rows, [
      '# This machine',
      'claude-code | ok',
      '↳ openclaw:main/anthropic:default | ok',
      'openclaw:main/anthropic:manual | ok',
      '# vps · ada@vps.example.com',
      'openclaw:main/anthropic:manual | expiring',
      'openclaw:ops/anthropic:claude-cli | ok',
      '# nas · ssh://admin@nas.local:2222',
      'nas did not answer within 10 s | unreachable',
    ]);
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

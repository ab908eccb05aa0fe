import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { NoticeTarget } from '../../../main/core/notify/notice.ts';
import { APP_ID } from '../../../main/shell/identity.ts';
import { createNotifier, MAX_LIVE_NOTIFICATIONS } from '../../../main/shell/notifications.ts';
import { createFakeElectron } from '../../fakes/fake-electron.ts';
import { collectGarbage } from '../../helpers/gc.ts';
import { ROOT } from '../../helpers/app-harness.ts';

const noop = () => {};
const logger = { debug: noop, info: noop, warn: noop, error: noop };
const notice = (key: string) => ({
  key,
  level: 1,
  title: `t ${key}`,
  body: 'b',
  target: { view: 'doctor' } as NoticeTarget,
});

describe('notification lifetime (Electron holds shown notifications only weakly)', () => {
  it('the fake is as weak as Electron: a notification nobody keeps is collected and its click is lost', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    await fake.app.whenReady();
    (() => {
      const n = new fake.electron.Notification({ title: 'dropped', body: '' });
      n.on('click', noop);
      n.show();
    })();
    await collectGarbage();
    assert.equal(fake.notifications[0]?.alive, false);
    assert.throws(() => fake.notifications[0]?.click(), /garbage-collected/);
  });

  it('the notifier keeps what it showed: after a collection the click still opens the fix and snooze still works', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    await fake.app.whenReady();
    const opened: NoticeTarget[] = [];
    const n = createNotifier({
      electron: fake.electron,
      logger,
      now: () => 0,
      settings: () => ({ enabled: true, staticWarnDays: [14] }),
      open: (t) => opened.push(t),
    });
    n.show(notice('a'));
    n.show(notice('b'));
    await collectGarbage();
    assert.equal(n.live, 2);
    fake.notifications[0]?.click();
    assert.deepEqual(opened, [{ view: 'doctor' }]);
    fake.notifications[1]?.close();
    assert.equal(n.live, 0, 'clicked and closed notifications are let go');
  });

  it('keeps at most MAX_LIVE_NOTIFICATIONS, letting the oldest go', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    await fake.app.whenReady();
    const n = createNotifier({
      electron: fake.electron,
      logger,
      now: () => 0,
      settings: () => ({ enabled: true, staticWarnDays: [14] }),
      open: noop,
    });
    for (let i = 0; i < MAX_LIVE_NOTIFICATIONS + 5; i++) n.show(notice(String(i)));
    assert.equal(n.live, MAX_LIVE_NOTIFICATIONS);
    await collectGarbage();
    assert.equal(fake.notifications.at(-1)?.alive, true);
  });

  it('on Windows a toast needs the AppUserModelID; the app id equals electron-builder.yml appId', async () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    assert.equal(/^appId:\s*(\S+)\s*$/m.exec(yml)?.[1], APP_ID);
    const fake = createFakeElectron({
      browser: null,
      preloadPath: '',
      home: '/nonexistent',
      platform: 'win32',
    });
    await fake.app.whenReady();
    const warnings: string[] = [];
    const n = createNotifier({
      electron: fake.electron,
      logger: { ...logger, warn: (m: string) => void warnings.push(m) },
      now: () => 0,
      settings: () => ({ enabled: true, staticWarnDays: [14] }),
      open: noop,
    });
    n.show(notice('no-id'));
    assert.equal(fake.notifications[0]?.shown, false, 'without an id the toast fails');
    assert.deepEqual(warnings, ['notification failed']);
    fake.app.setAppUserModelId(APP_ID);
    n.show(notice('with-id'));
    assert.equal(fake.notifications[1]?.shown, true);
  });
});

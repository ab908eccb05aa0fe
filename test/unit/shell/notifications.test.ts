import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NoticeTarget } from '../../../main/core/notify/notice.ts';
import { createNotifier } from '../../../main/shell/notifications.ts';
import { createFakeElectron } from '../../fakes/fake-electron.ts';
import { fixtureReport, withCredential } from '../../fakes/fixture-report.ts';

const D = 86_400_000;

describe('notifier (shell)', () => {
  it('shows what the policy decides, routes clicks, and snoozes from the notification button', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    await fake.app.whenReady();
    let now = Date.parse('2026-03-02T09:00:00Z');
    const opened: NoticeTarget[] = [];
    const noop = () => {};
    const n = createNotifier({
      electron: fake.electron,
      logger: { debug: noop, info: noop, warn: noop, error: noop },
      now: () => now,
      settings: () => ({ enabled: true, staticWarnDays: [14, 3, 1] }),
      open: (t) => opened.push(t),
    });
    const expiring = (days: number) =>
      withCredential(fixtureReport(now), 'openclaw:main/anthropic:manual', { expiresAt: now + days * D });
    n.handle(null, expiring(10));
    assert.equal(fake.notifications.length, 1);
    assert.deepEqual(fake.notifications[0]?.options.actions, [{ type: 'button', text: 'Snooze 1 day' }]);
    fake.notifications[0]?.click();
    assert.deepEqual(opened, [{ view: 'paste', credential: 'openclaw:main/anthropic:manual' }]);
    fake.notifications[0]?.action(0);
    now += 1000;
    n.handle(null, expiring(2));
    assert.equal(fake.notifications.length, 1, 'snoozed: the escalation waits');
    now += D;
    n.handle(null, expiring(0.5));
    assert.equal(fake.notifications.length, 2);
    assert.match(fake.notifications[1]?.options.title ?? '', /^Setup-token expires in 12 h/);
  });
});

import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { APP_ID } from '../../main/shell/identity.ts';
import { createTray, trayIconPath } from '../../main/shell/tray.ts';
import { FIRST_CHECK_MS } from '../../main/core/updates/update-policy.ts';
import { createFakeElectron } from '../fakes/fake-electron.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FakeUpdateFeed } from '../fakes/fake-update-feed.ts';
import { DIST, ensureBuilt, ROOT, startApp } from '../helpers/app-harness.ts';

const until = async (what: string, pred: () => boolean) => {
  for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), `timed out waiting for ${what}`);
};

describe('app life cycle on the strict fake Electron', () => {
  const temps: string[] = [];
  after(() => {
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  it('refuses Tray, BrowserWindow, Notification and session before ready, which comes asynchronously', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    const icon = join(ROOT, 'assets/tray-ok.png');
    assert.equal(fake.app.isReady(), false);
    assert.throws(() => new fake.electron.Tray(icon), /before the app is ready/);
    assert.throws(() => new fake.electron.Notification({ title: '', body: '' }), /before the app is ready/);
    assert.throws(() => fake.electron.session.defaultSession, /before the app is ready/);
    await fake.app.whenReady();
    assert.ok(new fake.electron.Tray(icon));
  });

  it('tray images must exist: every state on every platform has its file, a missing one is refused', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent' });
    await fake.app.whenReady();
    for (const platform of ['darwin', 'linux', 'win32'] as const)
      for (const state of ['ok', 'attention', 'broken', 'paused'])
        assert.doesNotThrow(
          () => new fake.electron.Tray(trayIconPath(join(ROOT, 'assets'), platform, state)),
        );
    assert.throws(
      () =>
        createTray({
          electron: fake.electron,
          assetsDir: '/nonexistent',
          platform: 'linux',
          input: () => ({ report: null, paused: false, now: 0, startAtLogin: false }),
          act: () => {},
        }),
      /the tray icon \/nonexistent\/tray-\w+\.png could not be loaded/,
    );
  });

  it('sets the AppUserModelID on Windows before the first notification', async () => {
    const h = await startApp(null, { platform: 'win32' });
    try {
      assert.equal(h.fake.app.appUserModelId, APP_ID);
      h.app.notifier.show({ key: 'k', level: 1, title: 'hello', body: '', target: { view: 'doctor' } });
      assert.equal(h.fake.notifications.at(-1)?.shown, true);
    } finally {
      await h.close();
    }
  });

  it('never cancels a quit from outside (logout, Cmd+Q): the keeper stops and the app exits 0', async () => {
    const h = await startApp(null);
    await h.app.window.show();
    h.fake.app.quit(); // what macOS does at logout: before-quit, then close on every window
    assert.equal(h.fake.app.quitted, true, 'the quit went through');
    assert.equal(h.fake.app.exitCode, 0);
    assert.equal(h.fake.windows[0]?.isDestroyed(), true);
    await until('the keeper to stop', () => h.services.keeper.calls.includes('stop'));
    assert.equal(h.fake.trays[0]?.destroyed, true);
    await h.close();
  });

  it('a page that failed to load is dropped and loaded again on the next show', async () => {
    ensureBuilt();
    const dist = mkdtempSync(join(tmpdir(), 'ck-dist-'));
    temps.push(dist);
    copyFileSync(join(DIST, 'preload.cjs'), join(dist, 'preload.cjs'));
    const h = await startApp(null, { dist });
    try {
      await h.app.window.show();
      assert.equal(h.app.window.id(), null, 'no half-dead window is kept');
      assert.match(h.logText(), /the window could not load its page/);
      mkdirSync(join(dist, 'renderer'));
      cpSync(join(DIST, 'renderer'), join(dist, 'renderer'), { recursive: true });
      await h.app.window.show();
      assert.equal(h.fake.windows.at(-1)?.isVisible(), true);
      assert.equal(h.fake.windows.length, 2);
    } finally {
      await h.close();
    }
  });

  it('offers a downloaded update as a notification whose click stops the app, then installs', async () => {
    const clock = new FakeClock();
    const feed = new FakeUpdateFeed();
    feed.answers.push('9.9.9');
    const h = await startApp(null, { updates: { feed, clock } });
    try {
      await h.app.window.show();
      await clock.advance(FIRST_CHECK_MS);
      await until('the offer', () =>
        h.fake.notifications.some((n) => n.options.title === 'Clawkeeper 9.9.9 is ready'),
      );
      h.fake.notifications.find((n) => n.options.title === 'Clawkeeper 9.9.9 is ready')?.click();
      await until('the install', () => feed.calls.includes('install'));
      // electron-updater closes the windows before before-quit: the app must already be stopping
      assert.equal(h.services.keeper.calls.includes('stop'), true);
      assert.equal(h.fake.windows[0]?.isDestroyed(), true);
    } finally {
      await h.close();
    }
  });

  it('on Linux a launch by hand opens the window (no tray on plain GNOME); a launch at login does not', async () => {
    const byHand = await startApp(null, { argv: [] });
    try {
      await until('the window', () => byHand.fake.windows[0]?.isVisible() === true);
    } finally {
      await byHand.close();
    }
    const atLogin = await startApp(null, { argv: ['--hidden'] });
    try {
      assert.equal(atLogin.fake.windows.length, 0);
    } finally {
      await atLogin.close();
    }
  });
});

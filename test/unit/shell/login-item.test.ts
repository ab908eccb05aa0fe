import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  autostartDesktopEntry,
  autostartPath,
  createLoginItem,
  desktopExecArg,
  LOGIN_ITEMS_SETTINGS_URL,
} from '../../../main/shell/login-item.ts';
import { trayMenu } from '../../../main/shell/tray-menu.ts';
import { createFakeElectron } from '../../fakes/fake-electron.ts';

describe('login item', () => {
  const quoting: Array<[string, string]> = [
    ['/opt/Clawkeeper/clawkeeper', '/opt/Clawkeeper/clawkeeper'],
    ['/home/ada/Apps/Claw Keeper.AppImage', '"/home/ada/Apps/Claw Keeper.AppImage"'],
    ['/tmp/a$b"c`d\\e', '"/tmp/a\\$b\\"c\\`d\\\\e"'],
    ['/tmp/100%', '/tmp/100%%'],
  ];
  for (const [raw, quoted] of quoting)
    it(`quotes ${raw} for Exec=`, () => assert.equal(desktopExecArg(raw), quoted));

  it('builds an XDG autostart entry', () => {
    const entry = autostartDesktopEntry('/opt/Clawkeeper/clawkeeper');
    assert.match(entry, /^\[Desktop Entry\]\nType=Application\nName=Clawkeeper\n/);
    assert.match(entry, /^Exec=\/opt\/Clawkeeper\/clawkeeper --hidden$/m);
    assert.match(entry, /^X-GNOME-Autostart-enabled=true$/m);
  });

  it('puts the file under XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(autostartPath({ XDG_CONFIG_HOME: '/x' }, '/home/ada'), '/x/autostart/clawkeeper.desktop');
    assert.equal(autostartPath({}, '/home/ada'), '/home/ada/.config/autostart/clawkeeper.desktop');
  });

  it('on Linux writes and removes the file, starting an AppImage through $APPIMAGE', () => {
    const home = mkdtempSync(join(tmpdir(), 'ck-login-'));
    try {
      const app = {
        getPath: () => home,
        getLoginItemSettings: () => ({ openAtLogin: false }),
        setLoginItemSettings: () => {},
      };
      const item = createLoginItem({
        platform: 'linux',
        app,
        env: { APPIMAGE: '/home/ada/Clawkeeper.AppImage' },
        execPath: '/tmp/.mount/clawkeeper',
      });
      assert.equal(item.isEnabled(), false);
      item.setEnabled(true);
      const file = join(home, '.config/autostart/clawkeeper.desktop');
      assert.match(readFileSync(file, 'utf8'), /^Exec=\/home\/ada\/Clawkeeper\.AppImage --hidden$/m);
      assert.equal(item.isEnabled(), true);
      item.setEnabled(false);
      assert.equal(existsSync(file), false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  for (const platform of ['darwin', 'win32'] as const)
    it(`on ${platform} uses setLoginItemSettings without openAsHidden (gone in Electron 45)`, async () => {
      // the strict fake refuses options Electron 45 no longer has (the real one ignores them silently)
      const fake = createFakeElectron({ browser: null, preloadPath: '', home: '/nonexistent', platform });
      await fake.app.whenReady();
      const item = createLoginItem({ platform, app: fake.app, env: {}, execPath: '' });
      assert.equal(item.isEnabled(), false);
      item.setEnabled(true);
      assert.equal(item.isEnabled(), true);
      assert.deepEqual(fake.app.getLoginItemSettings(), { openAtLogin: true });
      item.setEnabled(false);
      assert.equal(item.isEnabled(), false);
    });

  it('on macOS 13+ tells a login item waiting for approval, and the tray says where to allow it', () => {
    const settings = { openAtLogin: false, status: 'requires-approval' };
    const app = {
      getPath: () => '/nonexistent',
      getLoginItemSettings: () => settings,
      setLoginItemSettings: () => {},
    };
    const mac = createLoginItem({ platform: 'darwin', app, env: {}, execPath: '' });
    assert.equal(mac.needsApproval?.(), true);
    settings.status = 'enabled';
    settings.openAtLogin = true;
    assert.equal(mac.needsApproval?.(), false);
    settings.status = 'requires-approval';
    const win = createLoginItem({ platform: 'win32', app, env: {}, execPath: '' });
    assert.equal(win.needsApproval?.(), false, 'status is macOS only');
    const base = { report: null, paused: false, now: 0, startAtLogin: false };
    const waiting = trayMenu({ ...base, loginNeedsApproval: true }).find((i) => i.id === 'login');
    assert.equal(waiting?.label, 'Start at login: allow it in System Settings › Login Items…');
    assert.equal(waiting?.checked, true);
    assert.equal(trayMenu(base).find((i) => i.id === 'login')?.label, 'Start at login');
    assert.match(LOGIN_ITEMS_SETTINGS_URL, /^x-apple\.systempreferences:com\.apple\.LoginItems-Settings/);
  });
});

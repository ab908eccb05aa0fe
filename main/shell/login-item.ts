/**
 * Start at login: the platform mechanism on macOS and Windows (`setLoginItemSettings`), an
 * XDG autostart `.desktop` file on Linux. The app never shows a window at login on macOS and
 * Windows anyway, so nothing replaces `openAsHidden` (removed in Electron 45, where it was
 * ignored without a word); on Linux the autostart entry passes `--hidden`, because a launch
 * without it opens the window (GNOME without an AppIndicator extension shows no tray).
 */
import { mkdirSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppLike } from './electron-api.ts';

export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(on: boolean): void;
  /**
   * macOS 13+: registered but waiting for the user to allow it in System Settings › Login Items
   * (`getLoginItemSettings().status === 'requires-approval'`); it does not start until then
   */
  needsApproval?(): boolean;
}

/** Where macOS lets the user allow a login item (System Settings › General › Login Items). */
export const LOGIN_ITEMS_SETTINGS_URL = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';

/** Quotes one Exec argument per the Desktop Entry spec (and doubles `%`). */
export function desktopExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The flag an autostart launch carries: start in the tray, no window. */
export const HIDDEN_FLAG = '--hidden';

/** The autostart entry that launches `exec` at login. */
export function autostartDesktopEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Clawkeeper',
    'Comment=Keeps the Claude credentials behind OpenClaw alive',
    `Exec=${desktopExecArg(exec)} ${HIDDEN_FLAG}`,
    'Icon=clawkeeper',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Where the Linux autostart file lives. */
export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  const config =
    env['XDG_CONFIG_HOME'] !== undefined && env['XDG_CONFIG_HOME'] !== ''
      ? env['XDG_CONFIG_HOME']
      : join(home, '.config');
  return join(config, 'autostart', 'clawkeeper.desktop');
}

export interface LoginItemDeps {
  readonly platform: NodeJS.Platform;
  readonly app: Pick<AppLike, 'getLoginItemSettings' | 'setLoginItemSettings' | 'getPath'>;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
}

/** The platform's login item. On Linux an AppImage starts itself through `$APPIMAGE`. */
export function createLoginItem(d: LoginItemDeps): LoginItem {
  if (d.platform !== 'linux')
    return {
      isEnabled: () => d.app.getLoginItemSettings().openAtLogin,
      setEnabled: (on) => d.app.setLoginItemSettings({ openAtLogin: on }),
      needsApproval: () =>
        d.platform === 'darwin' && d.app.getLoginItemSettings().status === 'requires-approval',
    };
  const file = autostartPath(d.env, d.app.getPath('home'));
  return {
    isEnabled: () => existsSync(file),
    setEnabled(on) {
      if (!on) return rmSync(file, { force: true });
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, autostartDesktopEntry(d.env['APPIMAGE'] ?? d.execPath), { mode: 0o644 });
    },
  };
}

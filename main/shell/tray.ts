/**
 * The tray icon: its image follows the worst state, its tooltip summarises, and its menu is
 * rebuilt on every change and at least once a minute so the countdowns stay live.
 */
import { join } from 'node:path';
import { AppError } from '../core/kernel/errors.ts';
import type { ElectronApi, MenuItemOptions, TrayLike } from './electron-api.ts';
import {
  trayIconState,
  trayMenu,
  trayTooltip,
  type TrayAction,
  type TrayInput,
  type TrayItem,
} from './tray-menu.ts';

export interface TrayDeps {
  readonly electron: Pick<ElectronApi, 'Tray' | 'Menu'>;
  readonly assetsDir: string;
  readonly platform: NodeJS.Platform;
  input(): TrayInput;
  act(action: TrayAction): void;
}

export interface TrayController {
  /** rebuilds icon, tooltip and menu from the current state */
  update(): void;
  /** the last menu model, for tests and diagnostics */
  readonly model: readonly TrayItem[];
  destroy(): void;
}

/** The icon file for a state: template images on macOS, coloured ones elsewhere. */
export function trayIconPath(assetsDir: string, platform: NodeJS.Platform, state: string): string {
  return join(assetsDir, platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`);
}

const MINUTE = 60_000;

/** Loads a tray icon; a missing or damaged one is said as such (the app's files are incomplete). */
function withIcon<T>(path: string, load: (path: string) => T): T {
  try {
    return load(path);
  } catch (e: unknown) {
    throw new AppError(
      'unreadable',
      `the tray icon ${path} could not be loaded: the app's files are incomplete; reinstall Clawkeeper`,
      { cause: e },
    );
  }
}

/** Creates the tray and keeps it current. */
export function createTray(d: TrayDeps): TrayController {
  const first = d.input();
  let icon = trayIconState(first);
  const tray: TrayLike = withIcon(trayIconPath(d.assetsDir, d.platform, icon), (p) => new d.electron.Tray(p));
  tray.on('click', () => d.act({ kind: 'open' }));
  let model: TrayItem[] = [];
  const toNative = (i: TrayItem): MenuItemOptions => {
    const o: MenuItemOptions = { id: i.id, type: i.type, enabled: i.enabled };
    if (i.type !== 'separator') o.label = i.label;
    if (i.checked !== undefined) o.checked = i.checked;
    const action = i.action;
    if (action !== null) o.click = () => d.act(action);
    return o;
  };
  const update = () => {
    const input = d.input();
    const next = trayIconState(input);
    if (next !== icon)
      withIcon(trayIconPath(d.assetsDir, d.platform, (icon = next)), (p) => tray.setImage(p));
    tray.setToolTip(trayTooltip(input));
    model = trayMenu(input);
    tray.setContextMenu(d.electron.Menu.buildFromTemplate(model.map(toNative)));
  };
  // Linux desktops cannot tell us when the menu opens, so the countdowns are refreshed every minute.
  const timer = setInterval(update, MINUTE);
  timer.unref();
  update();
  return {
    update,
    get model() {
      return model;
    },
    destroy() {
      clearInterval(timer);
      tray.destroy();
    },
  };
}

/**
 * Who the app is to the OS. `APP_ID` must equal electron-builder.yml's `appId`: Windows
 * attributes toasts to the AppUserModelID the installer's shortcut carries, and drops or
 * misattributes them when the running app sets none (or another one). A test checks the two.
 */
export const APP_ID = 'dev.clawkeeper.app';
export const PRODUCT_NAME = 'Clawkeeper';

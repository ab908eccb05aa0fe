/**
 * Session-wide hardening: every permission request denied, and the CSP sent as a header too
 * (defence in depth; the page carries the same policy in its meta tag).
 */
import type { SessionLike } from './electron-api.ts';

/** The window's Content-Security-Policy; renderer/index.html's meta tag must say the same. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Denies permissions (camera, notifications from the page, …) and adds the CSP header. */
export function installSessionSecurity(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/**
 * External links the app may open in the user's browser. Everything else is refused: the
 * window never navigates away from its own file, and cannot be used to open arbitrary URLs.
 */
const ALLOWED: ReadonlyArray<{ host: string; path?: RegExp }> = [
  { host: 'docs.openclaw.ai' },
  { host: 'claude.ai' },
  { host: 'docs.anthropic.com' },
  { host: 'console.anthropic.com' },
  { host: 'github.com', path: /^\/(anthropics|openclaw)\// },
];

/** True only for https URLs on the allowlist (no credentials, no other ports). */
export function isAllowedExternalUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  return ALLOWED.some((a) => a.host === u.hostname && (a.path === undefined || a.path.test(u.pathname)));
}

/**
 * The one redactor every log line passes before any sink (house-style: redact at the sink).
 * Removes anything shaped like an Anthropic token, Bearer credentials, and values of JSON keys
 * named like secrets. Fingerprints (`sha256:…`) and masked forms (`sk-ant-oat01-…Qx4A`) survive.
 */
const TOKEN = /sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{8,}/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const SECRET_KEY =
  /("(?:[A-Za-z_]*(?:token|access|refresh|key|secret|password)[A-Za-z_]*)"\s*:\s*)"(?!sha256:)[^"]{6,}"/gi;
/** a superset of what TOKEN and BEARER match */
const TOKEN_OR_BEARER = /sk-ant-|bearer/i;
const SECRET_ASSIGN = /\b([A-Z_]*(?:TOKEN|API_KEY|SECRET)[A-Z_]*=)\S{6,}/g;

export function redact(text: string): string {
  return text
    .replace(TOKEN, (m) => `${m.slice(0, m.indexOf('-', 7) + 1)}[REDACTED]`)
    .replace(BEARER, '$1[REDACTED]')
    .replace(SECRET_KEY, '$1"[REDACTED]"')
    .replace(SECRET_ASSIGN, '$1[REDACTED]');
}

/**
 * Only the token-shaped parts (`sk-ant-…`, `Bearer …`): for payloads to the window, where JSON
 * keys such as `tokenUrl` must survive but no token value may pass.
 */
export function redactTokens(text: string): string {
  // most strings of a report (paths, ids, reasons) hold neither: one cheap test skips both scans
  if (!TOKEN_OR_BEARER.test(text)) return text;
  return text
    .replace(TOKEN, (m) => `${m.slice(0, m.indexOf('-', 7) + 1)}[REDACTED]`)
    .replace(BEARER, '$1[REDACTED]');
}

/** Redacts any value by serialising it first; Secrets already serialise as [REDACTED]. */
export function redactValue(value: unknown): string {
  if (typeof value === 'string') return redact(value);
  try {
    return redact(JSON.stringify(value) ?? String(value));
  } catch {
    return '[unserialisable]';
  }
}

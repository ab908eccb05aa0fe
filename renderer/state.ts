/** The window's little store: the latest status and main's clock offset, with subscribers. */
import type { AppStatus, CredentialSummary } from './types.ts';

let status: AppStatus | null = null;
let offset = 0;
const listeners = new Set<(s: AppStatus) => void>();

/** Main's idea of now, so countdowns agree with the tray. */
export function now(): number {
  return Date.now() + offset;
}

export function currentStatus(): AppStatus | null {
  return status;
}

export function setStatus(s: AppStatus): void {
  status = s;
  offset = s.now - Date.now();
  for (const l of listeners) l(s);
}

export function onStatusChange(l: (s: AppStatus) => void): void {
  listeners.add(l);
}

export function credentialById(id: string): CredentialSummary | null {
  return status?.report?.credentials.find((c) => c.id === id) ?? null;
}

/** Types the views share, all derived from the IPC contract. */
import type { AppStatus } from '../main/ipc/contract.ts';

export type { AppStatus, Navigate, View, SettingsView } from '../main/ipc/contract.ts';
export type Report = NonNullable<AppStatus['report']>;
export type CredentialSummary = Report['credentials'][number];
export type HealthState = Report['worst'];

/** ok / attention / broken, as in the tray icon. */
export function tone(state: HealthState): 'ok' | 'attention' | 'broken' {
  if (state === 'ok') return 'ok';
  if (state === 'expiring' || state === 'stale-copy' || state === 'blocked') return 'attention';
  return 'broken';
}

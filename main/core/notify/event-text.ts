import { describeExpiry, formatDuration } from '../../../common/duration.ts';
import type { KeeperEvent } from '../contracts.ts';

/** One human line per keeper event (CLI `watch`, the window's timeline, the log). No secrets. */
export function describeEvent(e: KeeperEvent, now: number): string {
  switch (e.type) {
    case 'status':
      return `status: ${e.report.worst} (${e.report.credentials.length} credentials)`;
    case 'refreshed':
      return `refreshed ${e.credential}: new token ${e.fingerprint}, ${describeExpiry(e.expiresAt, now)}`;
    case 'refresh-skipped':
      return `refresh of ${e.credential} skipped: ${e.reason}`;
    case 'refresh-failed':
      return `refresh of ${e.credential} failed: ${e.error}${!e.retryable ? '; not retrying until you log in again' : e.nextAttemptAt ? `; next try in ${formatDuration(e.nextAttemptAt - now)}` : ''}`;
    case 'needs-reauth':
      return `${e.credential} needs you: ${e.reason}. ${e.hint}`;
    case 'synced':
      return `synced ${e.target} (${e.fingerprint}${e.backupId ? `, backup ${e.backupId}` : ''})`;
    case 'sync-failed':
      return `sync of ${e.target} failed: ${e.error}`;
    case 'stale-copy':
      return `${e.credential} holds an older token than ${e.source}`;
    case 'reloaded':
      return `gateway reload (${e.command}): ${e.ok ? 'ok' : e.detail}`;
    case 'installation-changed':
      return `installation changed: ${e.changes.join('; ')}`;
    case 'woke':
      return `woke up after about ${Math.round(e.sleptMs / 60_000)} min asleep; checking now`;
    case 'paused':
      return 'keeping paused';
    case 'resumed':
      return 'keeping resumed';
    case 'error':
      return `error: ${e.message}`;
  }
}

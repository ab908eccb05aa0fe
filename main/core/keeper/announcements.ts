import type { KeeperEvent } from '../contracts.ts';
import type { StatusReport } from '../health/report.ts';
import { CLAUDE_LOGIN_ID } from './refresh-policy.ts';

/**
 * needs-reauth and stale copies are announced once per credential, state and token (`announced`
 * remembers the keys). A rejected Claude login held by the refresh gate was already announced by
 * the refresh itself.
 */
export function announcements(
  report: StatusReport,
  announced: Set<string>,
  claudeRejectionHeld: boolean,
): KeeperEvent[] {
  const out: KeeperEvent[] = [];
  for (const c of report.credentials) {
    const key = `${c.id}|${c.state}|${c.fingerprint ?? ''}`;
    if (announced.has(key)) continue;
    if (c.state === 'needs-reauth' && !(c.id === CLAUDE_LOGIN_ID && claudeRejectionHeld)) {
      announced.add(key);
      out.push({
        type: 'needs-reauth',
        at: report.generatedAt,
        credential: c.id,
        reason: c.reason,
        hint: c.hint ?? '',
      });
    } else if (c.state === 'stale-copy') {
      announced.add(key);
      out.push({ type: 'stale-copy', at: report.generatedAt, credential: c.id, source: c.copies[0] ?? '' });
    }
  }
  return out;
}

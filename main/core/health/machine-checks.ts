import type { Inventory } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';

export function machineChecks(inv: Inventory): Finding[] {
  const findings: Finding[] = [];
  if (inv.duplicateKeychainItems.length > 1) {
    findings.push({
      check: 'duplicate-keychain-items',
      severity: 'warning',
      message: `two Keychain items hold a Claude login: ${inv.duplicateKeychainItems.join(', ')}`,
      impact: 'A /login may update one item while other tools read the other.',
      hint: 'Log in again with `claude /login`, then delete the stale item in Keychain Access',
      files: [],
      credentials: [],
    });
  }
  for (const c of inv.claude) {
    if (c.primary && c.read.status === 'ok' && !c.writable) {
      findings.push({
        check: 'read-only-store',
        severity: 'warning',
        message: `${c.location} cannot be written`,
        impact: 'Nobody can refresh this login here: it dies when the access token expires.',
        hint: 'Mount the Claude config directory read-write, or refresh on the host that owns it',
        files: [c.location],
        credentials: ['claude-code'],
      });
    }
  }
  return findings;
}

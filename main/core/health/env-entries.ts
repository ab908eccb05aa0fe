import type { Inventory } from '../discovery/inventory.ts';
import type { CredentialKind } from './report.ts';
import { base, type Entry } from './entry.ts';
import { shapeProblems } from './slot-checks.ts';

/** Credentials set in the environment (`ANTHROPIC_API_KEY`, `ANTHROPIC_OAUTH_TOKEN`, …). */
export function envEntries(inv: Inventory): Entry[] {
  return inv.env.map(({ name, value }) => {
    const kindOfSlot: CredentialKind = name === 'ANTHROPIC_API_KEY' ? 'api_key' : 'token';
    const e = base({
      id: `env:${name}`,
      location: `env:${name}`,
      source: 'env',
      kind: kindOfSlot,
      route: kindOfSlot,
      value,
      provider: 'anthropic',
    });
    shapeProblems(e, value, kindOfSlot === 'api_key' ? 'api-key' : 'oauth-access');
    return e;
  });
}

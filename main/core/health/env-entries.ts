import type { EnvCredential, Inventory } from '../discovery/inventory.ts';
import type { CredentialKind } from './report.ts';
import { base, type Entry } from './entry.ts';
import { shapeProblems } from './slot-checks.ts';

function envEntry(id: string, location: string, source: 'env' | 'file', cred: EnvCredential): Entry {
  const kindOfSlot: CredentialKind = cred.name === 'ANTHROPIC_API_KEY' ? 'api_key' : 'token';
  const e = base({
    id,
    location,
    source,
    kind: kindOfSlot,
    route: kindOfSlot,
    value: cred.value,
    provider: 'anthropic',
  });
  shapeProblems(e, cred.value, kindOfSlot === 'api_key' ? 'api-key' : 'oauth-access');
  return e;
}

/** Credentials set in the environment (`ANTHROPIC_API_KEY`, `ANTHROPIC_OAUTH_TOKEN`, …). */
export function envEntries(inv: Inventory): Entry[] {
  return inv.env.map((c) => envEntry(`env:${c.name}`, `env:${c.name}`, 'env', c));
}

/**
 * Credentials in what an install's gateway loads into its environment: `<state>/.env`,
 * `gateway.env` and openclaw.json's `env` block (the resolution model says whether it reads them).
 */
export function gatewayEnvEntries(inv: Inventory): Entry[] {
  const out: Entry[] = [];
  for (const install of inv.installs) {
    for (const f of install.envFiles ?? [])
      for (const c of f.vars) out.push(envEntry(`env-file:${f.path}#${c.name}`, f.path, 'file', c));
    for (const c of install.configEnv ?? [])
      out.push(envEntry(`env-config:${install.configPath}#${c.name}`, install.configPath, 'file', c));
  }
  return out;
}

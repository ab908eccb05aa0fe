import { join } from 'node:path';
import { cliTargetId, type LinkTarget } from '../formats/link-target.ts';
import type { Inventory } from '../discovery/inventory.ts';
import type { StatusReport } from '../health/report.ts';
import { holdsApiKey, type HeldCredential } from '../writes/target-guard.ts';
import { ownedByOpenClaw } from '../health/owner-reimport.ts';

export type { LinkTarget } from '../formats/link-target.ts';

export interface Link {
  readonly id: string;
  readonly target: LinkTarget;
  /** found by discovery (an existing copy of the login), not configured by the user */
  readonly auto: boolean;
}

export function linkId(t: LinkTarget): string {
  switch (t.kind) {
    case 'openclaw-profile':
      return `profile:${t.file}#${t.profileId}`;
    case 'legacy-oauth':
      return `oauth-json:${t.file}`;
    case 'env-file':
      return `env:${t.file}#${t.variable}`;
    case 'openclaw-cli':
      return cliTargetId(t.stateDir, t.agent, t.profileId);
  }
}

export function describeTarget(t: LinkTarget): string {
  switch (t.kind) {
    case 'openclaw-profile':
      return `${t.profileId} in ${t.file}${t.full ? ' (full OAuth copy)' : ''}`;
    case 'legacy-oauth':
      return `legacy ${t.file}${t.full ? ' (full OAuth copy)' : ''}`;
    case 'env-file':
      return `${t.variable} in ${t.file}`;
    case 'openclaw-cli':
      return `${t.profileId} of agent ${t.agent} via the openclaw CLI (${t.stateDir})`;
  }
}

/**
 * Links discovery proposes: every profile or legacy oauth.json that already holds a copy of Claude
 * Code's login (same token, an earlier token of its lineage, or OpenClaw's own
 * `anthropic:claude-cli` copy). SQLite-store profiles are linked the same way when their store was
 * read directly (the token was seen); they are written through `openclaw models auth paste-token`.
 */
export function discoverLinks(inv: Inventory, report: StatusReport): Link[] {
  const source = report.credentials.find((c) => c.id === 'claude-code');
  if (!source || source.state === 'unreadable') return [];
  const copies = new Set(source.copies);
  const links: Link[] = [];
  for (const install of inv.installs) {
    const sqlite = install.generation.startsWith('sqlite');
    for (const agent of install.agents) {
      if (agent.profiles.status !== 'ok') continue;
      // a SQLite store read through the CLI shows no tokens: nothing proves a copy there; and
      // without the openclaw CLI (read directly, e.g. a container's bind mount) it cannot be written
      if (sqlite && (agent.origin !== 'sqlite' || inv.openclawBin === null)) continue;
      for (const [profileId, held] of Object.entries(agent.profiles.value.profiles)) {
        if (!copies.has(`${install.label}:${agent.agentId}/${profileId}`)) continue;
        // Clawdbot-era OpenClaw copies the login into its own claude-cli profile on each load:
        // leave that profile to it (writing it only starts a tug of war and a backup per round)
        if (ownedByOpenClaw(install.generation, profileId)) continue;
        if (sqlite) {
          // the claude-cli route runs Claude Code, which keeps itself current; a key is never a copy
          if (held.provider === 'claude-cli' || holdsApiKey(held)) continue;
          const target: LinkTarget = {
            kind: 'openclaw-cli',
            stateDir: install.stateDir,
            agent: agent.agentId,
            profileId,
          };
          links.push({ id: linkId(target), target, auto: true });
          continue;
        }
        const target: LinkTarget = { kind: 'openclaw-profile', file: agent.profiles.path, profileId };
        links.push({ id: linkId(target), target, auto: true });
      }
    }
    if (copies.has(`${install.label}:credentials/oauth.json`)) {
      const target: LinkTarget = {
        kind: 'legacy-oauth',
        file: install.legacyOauth.path,
      };
      links.push({ id: linkId(target), target, auto: true });
    }
  }
  return links;
}

export { ownedByOpenClaw } from '../health/owner-reimport.ts';

/**
 * Configured links as the installation is now: a link to an agent's `auth-profiles.json` in an
 * install whose store moved into SQLite (another release, OpenClaw's doctor) is written through
 * `openclaw models auth paste-token` instead. Writing the JSON file there would do nothing at
 * best; beside an empty store it stops the gateway (AUTH_PROFILE_MIGRATION_REQUIRED).
 */
export function followStores(configured: readonly LinkTarget[], inv: Inventory): LinkTarget[] {
  return configured.map((t) => {
    if (t.kind !== 'openclaw-profile') return t;
    for (const install of inv.installs) {
      if (!install.generation.startsWith('sqlite')) continue;
      const agent = install.agents.find((a) => join(a.dir, 'auth-profiles.json') === t.file);
      if (agent)
        return {
          kind: 'openclaw-cli',
          stateDir: install.stateDir,
          agent: agent.agentId,
          profileId: t.profileId,
        };
    }
    return t;
  });
}

/** Configured links first, then discovered ones not already configured. */
export function effectiveLinks(
  configured: readonly LinkTarget[],
  discovered: readonly Link[],
  auto: boolean,
): Link[] {
  const out: Link[] = configured.map((t) => ({ id: linkId(t), target: t, auto: false }));
  const ids = new Set(out.map((o) => o.id));
  if (auto)
    for (const l of discovered)
      if (!ids.has(l.id)) {
        ids.add(l.id);
        out.push(l);
      }
  return out;
}

/**
 * What a SQLite-store target holds now, as discovery read it: the stored profile (null when
 * absent), or `undefined` when the store was not read directly (through the CLI no token is seen).
 */
export function heldInSqliteStore(
  inv: Inventory,
  t: Extract<LinkTarget, { kind: 'openclaw-cli' }>,
): HeldCredential | null | undefined {
  const install = inv.installs.find((i) => i.stateDir === t.stateDir);
  const agent = install?.agents.find((a) => a.agentId === t.agent);
  if (!agent) return null;
  if (agent.origin !== 'sqlite')
    return agent.cli?.ok && !agent.cli.profiles.some((p) => p.profileId === t.profileId) ? null : undefined;
  if (agent.profiles.status !== 'ok') return undefined;
  return agent.profiles.value.profiles[t.profileId] ?? null;
}

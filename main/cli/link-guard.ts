import { dirname } from 'node:path';
import type { AppContext } from '../compose/context.ts';
import type { Inventory } from '../core/discovery/inventory.ts';
import { primaryLogin } from '../core/discovery/inventory.ts';
import { parseAuthProfiles, parseLegacyOauth } from '../core/formats/auth-profiles.ts';
import { refuseUnknownAgents } from '../core/setup-token/paste-token.ts';
import { heldInSqliteStore, ownedByOpenClaw, type LinkTarget } from '../core/keeper/links.ts';
import { envValue } from '../core/keeper/sync.ts';
import { judgeHolding, type HeldCredential, type TargetHolding } from '../core/writes/target-guard.ts';
import { AppError } from '../core/kernel/errors.ts';

/**
 * What a target holds now (null when the file or entry does not exist; `unseen` for a profile of a
 * SQLite store read through the openclaw CLI, which shows no tokens).
 */
async function heldBy(
  ctx: AppContext,
  inv: Inventory,
  t: LinkTarget,
): Promise<HeldCredential | null | 'unseen'> {
  const files = ctx.deps.files;
  switch (t.kind) {
    case 'openclaw-profile': {
      const text = await files.readText(t.file);
      if (text === null) return null;
      const parsed = parseAuthProfiles(text);
      if (!parsed.ok)
        throw new AppError('unreadable', `${t.file} could not be parsed (${parsed.error}); fix it first`);
      return parsed.value.profiles[t.profileId] ?? null;
    }
    case 'legacy-oauth': {
      const text = await files.readText(t.file);
      if (text === null) return null;
      const parsed = parseLegacyOauth(text);
      if (!parsed.ok)
        throw new AppError('unreadable', `${t.file} could not be parsed (${parsed.error}); fix it first`);
      return (parsed.value.anthropic as HeldCredential | undefined) ?? null;
    }
    case 'env-file': {
      const text = await files.readText(t.file);
      const value = text === null ? null : envValue(text, t.variable);
      return value ? { token: value } : null;
    }
    case 'openclaw-cli': {
      const held = heldInSqliteStore(inv, t);
      return held === undefined ? 'unseen' : held;
    }
  }
}

/**
 * The checks `link add` makes before a target is accepted: the agent exists, a .env's folder
 * exists, the profile is not one OpenClaw keeps itself, and the target is empty or already a
 * copy of the same login. Anything else (an API key, a setup-token, another login) needs
 * `--replace`. Returns what the target holds.
 */
export async function guardLinkTarget(
  ctx: AppContext,
  inv: Inventory,
  t: LinkTarget,
  agent: string | null,
): Promise<TargetHolding> {
  if (t.kind === 'env-file') {
    const dir = await ctx.deps.files.stat(dirname(t.file));
    if (!dir?.isDirectory)
      throw new AppError(
        'not-found',
        `the folder ${dirname(t.file)} does not exist; give the path of the .env file your gateway reads`,
      );
  } else if (agent !== null) {
    const install =
      inv.installs.find((i) =>
        'stateDir' in t ? i.stateDir === t.stateDir : t.file.startsWith(i.stateDir),
      ) ?? null;
    if (install) {
      refuseUnknownAgents(install, [agent]);
      if (t.kind === 'openclaw-profile' && ownedByOpenClaw(install.generation, t.profileId))
        throw new AppError(
          'invalid-argument',
          `${install.label} is a Clawdbot-era install: OpenClaw itself keeps ${t.profileId} in step with Claude Code's login. Leave it to OpenClaw, or link another profile id (--profile-id)`,
        );
    }
  }
  const login = primaryLogin(inv);
  const held = await heldBy(ctx, inv, t);
  if (held === 'unseen')
    return {
      kind: 'foreign',
      what: `a credential Clawkeeper cannot see (that store is read through the openclaw CLI, which shows no tokens)`,
    };
  return judgeHolding(
    held,
    [login?.access?.fingerprint, login?.refresh?.fingerprint],
    await ctx.lineage.load(),
  );
}

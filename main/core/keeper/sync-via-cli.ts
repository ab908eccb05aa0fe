import type { Clock } from '../../ports/clock.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import type { LineageMemory } from './lineage-memory.ts';
import type { Link } from './links.ts';
import type { LoginSnapshot, SyncResult } from './sync.ts';

/**
 * Sync into a SQLite-generation store: those stores are written only by their owner's CLI
 * (`openclaw models auth paste-token`, token on stdin). They cannot be read back here, so the
 * last pushed fingerprint is remembered and a paste happens only when the login changed.
 */
export function syncViaOpenClawCli(deps: {
  readonly openclaw: OpenClawCli;
  readonly lineage: LineageMemory;
  readonly clock: Clock;
}): (link: Link, login: LoginSnapshot) => Promise<SyncResult> {
  return async (link, login) => {
    const t = link.target;
    if (t.kind !== 'openclaw-cli') return { changed: false, backupId: null };
    if ((await deps.lineage.lastSynced(link.id)) === login.access.fingerprint)
      return { changed: false, backupId: null };
    const hours = Math.max(1, Math.floor((login.expiresAt - deps.clock.now()) / 3_600_000));
    const r = await deps.openclaw.pasteToken({
      stateDir: t.stateDir,
      configPath: null,
      agentId: t.agent,
      profileId: t.profileId,
      expiresIn: `${hours}h`,
      token: login.access,
    });
    if (!r.ok) throw new Error(r.error);
    await deps.lineage.markSynced(link.id, login.access.fingerprint);
    return { changed: true, backupId: null };
  };
}

import type { Clock } from '../../ports/clock.ts';
import { AppError } from '../kernel/errors.ts';
import { fingerprintOf } from '../kernel/secret.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import type { LineageMemory } from './lineage-memory.ts';
import { describeTarget } from './links.ts';
import { refuseApiKey, type CliSync } from './sync.ts';

/**
 * Sync into a SQLite-generation store: those stores are written only by their owner's CLI
 * (`openclaw models auth paste-token`, token on stdin; about 8 s and 400 MB a call). A paste
 * happens at most once per change of the login and link (the pushed fingerprint is remembered),
 * never when the store, read directly, already holds the login's current token, and never over a
 * Console API key unless confirmed (`link add --replace`).
 */
export function syncViaOpenClawCli(deps: {
  readonly openclaw: OpenClawCli;
  readonly lineage: LineageMemory;
  readonly clock: Clock;
}): CliSync {
  return async (link, login, opts) => {
    const t = link.target;
    if (t.kind !== 'openclaw-cli') return { changed: false, backupId: null };
    if (!opts.replace) refuseApiKey(opts.held, describeTarget(t));
    const fp = login.access.fingerprint;
    const value = opts.held?.token ?? opts.held?.access;
    if (value && fingerprintOf(value) === fp) {
      // already a copy of the current token (e.g. a copy discovery just linked): nothing to paste
      if ((await deps.lineage.lastSynced(link.id)) !== fp) await deps.lineage.markSynced(link.id, fp);
      return { changed: false, backupId: null };
    }
    if (!opts.replace && (await deps.lineage.lastSynced(link.id)) === fp)
      return { changed: false, backupId: null };
    const now = deps.clock.now();
    const hours = Math.max(1, Math.floor((login.expiresAt - now) / 3_600_000));
    const r = await deps.openclaw.pasteToken({
      stateDir: t.stateDir,
      configPath: null,
      agentId: t.agent,
      profileId: t.profileId,
      expiresIn: `${hours}h`,
      token: login.access,
    });
    // the adapter's message is secret-free (redacted): it reaches the user as it is
    if (!r.ok)
      throw new AppError(r.code === 'cli-missing' ? 'openclaw-cli-missing' : 'openclaw-cli-failed', r.error);
    // OpenClaw stores its own clock's now + the duration: within seconds of ours
    await deps.lineage.markSynced(link.id, fp, now + hours * 3_600_000);
    return { changed: true, backupId: null };
  };
}

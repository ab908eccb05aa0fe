import { join } from 'node:path';
import { ClaudeLoginStore } from '../core/discovery/claude-login-store.ts';
import { RefreshJournal, type ReplayOutcome } from '../core/keeper/refresh-journal.ts';
import { claudeLoginDir } from '../core/kernel/paths.ts';
import { TEMP_MAX_AGE_MS } from '../core/writes/update-text-file.ts';
import type { Logger } from '../ports/logger.ts';
import type { AppContext } from './context.ts';

export function refreshJournal(ctx: AppContext): RefreshJournal {
  return new RefreshJournal(ctx.writer.files, ctx.dataDir);
}

/**
 * What every start does before anything else: put a journalled token pair into Claude Code's
 * store (under its locks), and remove this program's temp files left by a crash from the folders
 * it owns (the data dir, backups, Claude Code's folder). Folders of OpenClaw stores are swept by
 * each write to them.
 */
export async function recoverOnStart(ctx: AppContext, logger: Logger | null): Promise<ReplayOutcome> {
  const outcome = await refreshJournal(ctx).replay(
    ctx.writer.locks,
    (ref) =>
      new ClaudeLoginStore(ref, { files: ctx.writer.files, keychain: ctx.deps.keychain, env: ctx.env }),
  );
  if (outcome.kind === 'replayed')
    logger?.info('recovery: a refresh interrupted by a crash was completed from the journal', {
      fingerprint: outcome.fingerprint,
      location: outcome.location,
    });
  else if (outcome.kind === 'failed' || outcome.kind === 'busy')
    logger?.warn('recovery: the refresh journal could not be replayed yet', {
      reason: outcome.kind === 'failed' ? outcome.error : 'Claude Code holds its refresh lock',
    });
  // a killed run may have saved the login and died holding Claude Code's lock: nothing else
  // would take that lock again until the next refresh is due
  await ctx.writer.locks.clearStaleClaude?.(claudeLoginDir(ctx.env)).catch(() => undefined);
  for (const dir of [ctx.dataDir, join(ctx.dataDir, 'backups'), claudeLoginDir(ctx.env)])
    await ctx.writer.files.sweepTemps(dir, TEMP_MAX_AGE_MS).catch(() => 0);
  return outcome;
}

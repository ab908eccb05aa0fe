import { ChokidarWatcher } from '../adapters/node/chokidar-watcher.ts';
import { HttpTokenEndpoint } from '../adapters/node/http-token-endpoint.ts';
import { ClaudeLoginStore } from '../core/claude-login-store.ts';
import { discover } from '../core/discovery.ts';
import { Keeper } from '../core/keeper.ts';
import { reloadGateway } from '../core/reload.ts';
import type { Settings } from '../core/settings.ts';
import type { Logger } from '../ports/logger.ts';
import type { CliContext } from './context.ts';

/** Builds the keeper from the CLI context: real endpoint, real locks, chokidar when watching. */
export function createKeeper(
  ctx: CliContext,
  logger: Logger,
  opts: { watch: boolean; settings?: () => Settings },
): Keeper {
  const settings = opts.settings ?? (() => ctx.loaded.settings);
  const s = settings().refresh;
  const endpoint = new HttpTokenEndpoint({
    url: ctx.env.vars.CLAWKEEPER_TOKEN_URL || s.tokenUrl,
    clientId: s.clientId,
    userAgent: s.userAgent,
    timeoutMs: s.timeoutMs,
  });
  return new Keeper({
    clock: ctx.clock,
    logger,
    watcher: opts.watch ? new ChokidarWatcher() : null,
    settings,
    discover: () => discover(ctx.deps),
    storeFor: (inv) => {
      const primary = inv.claude.find((c) => c.primary && c.read.status === 'ok');
      return primary
        ? new ClaudeLoginStore(primary, {
            files: ctx.writer.files,
            keychain: ctx.deps.keychain,
            env: ctx.env,
          })
        : null;
    },
    refresh: { locks: ctx.writer.locks, endpoint, clock: ctx.clock },
    writer: ctx.writer,
    runClaudeCli: async (argv) => {
      const [cmd, ...args] = argv;
      const r = await ctx.runner.run(cmd ?? 'claude', args, { env: ctx.env.vars, timeoutMs: 120_000 });
      return {
        ok: r.code === 0,
        detail: r.spawnError
          ? `could not start: ${r.spawnError}`
          : r.timedOut
            ? 'timed out'
            : `exit ${r.code}`,
      };
    },
    reload: () =>
      reloadGateway({ runner: ctx.runner, openclaw: ctx.openclaw, env: ctx.env.vars }, settings().sync),
    // SQLite stores are written only by their owner's CLI; it cannot be read back, so the last
    // pushed fingerprint is remembered and a paste happens only when the login changed.
    syncViaCli: async (link, login) => {
      const t = link.target;
      if (t.kind !== 'openclaw-cli') return { changed: false, backupId: null };
      if ((await ctx.lineage.lastSynced(link.id)) === login.access.fingerprint)
        return { changed: false, backupId: null };
      const hours = Math.max(1, Math.floor((login.expiresAt - ctx.clock.now()) / 3_600_000));
      const r = await ctx.openclaw.pasteToken({
        stateDir: t.stateDir,
        configPath: null,
        agentId: t.agent,
        profileId: t.profileId,
        expiresIn: `${hours}h`,
        token: login.access,
      });
      if (!r.ok) throw new Error(r.error);
      await ctx.lineage.markSynced(link.id, login.access.fingerprint);
      return { changed: true, backupId: null };
    },
    lineage: ctx.lineage,
  });
}

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discover } from '../../core/discovery/discovery.ts';
import { judge } from '../../core/health/health.ts';
import {
  describeTarget,
  discoverLinks,
  effectiveLinks,
  linkId,
  type LinkTarget,
} from '../../core/keeper/links.ts';
import { settingsPath } from '../../core/kernel/paths.ts';
import { updateSettings } from '../../core/settings/settings.ts';
import { UsageError, type Io } from '../command.ts';
import { createAppContext, type AppContext } from '../../compose/context.ts';
import { primaryLogin } from '../../core/discovery/inventory.ts';
import { AppError } from '../../core/kernel/errors.ts';
import { syncLink } from '../../core/keeper/sync.ts';
import { syncViaOpenClawCli } from '../../core/keeper/sync-via-cli.ts';
import { guardLinkTarget } from '../link-guard.ts';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { OUTPUT, writeJson } from '../json-output.ts';

async function targetFrom(
  ctx: AppContext,
  v: {
    agent?: string;
    install?: string;
    'profile-id'?: string;
    full?: boolean;
    dotenv?: string;
    var?: string;
    'oauth-json'?: boolean;
  },
): Promise<LinkTarget> {
  if (v.dotenv) return { kind: 'env-file', file: v.dotenv, variable: v.var ?? 'ANTHROPIC_OAUTH_TOKEN' };
  const inv = await discover(ctx.deps);
  const install = v.install ? inv.installs.find((i) => i.label === v.install) : inv.installs[0];
  if (!install)
    throw new UsageError(
      v.install
        ? `no OpenClaw install labelled "${v.install}" (see \`clawkeeper status\`)`
        : 'no OpenClaw install found; set OPENCLAW_STATE_DIR or use --dotenv',
    );
  if (v['oauth-json'])
    return {
      kind: 'legacy-oauth',
      file: join(install.stateDir, 'credentials', 'oauth.json'),
      ...(v.full ? { full: true } : {}),
    };
  const agent = v.agent ?? 'main';
  const profileId = v['profile-id'] ?? 'anthropic:claude-cli';
  if (install.generation.startsWith('sqlite')) {
    if (v.full)
      throw new UsageError(
        '--full is not possible for SQLite stores: they get a token through `openclaw models auth paste-token`',
      );
    return { kind: 'openclaw-cli', stateDir: install.stateDir, agent, profileId };
  }
  const dir =
    install.agents.find((a) => a.agentId === agent)?.dir ?? join(install.stateDir, 'agents', agent, 'agent');
  return {
    kind: 'openclaw-profile',
    file: join(dir, 'auth-profiles.json'),
    profileId,
    ...(v.full ? { full: true } : {}),
  };
}

async function list(ctx: AppContext, io: Io, json: boolean): Promise<number> {
  const inv = await discover(ctx.deps);
  const report = judge(inv, {
    now: ctx.clock.now(),
    settings: ctx.loaded.settings,
    knownLogin: await ctx.lineage.load(),
  });
  const links = effectiveLinks(
    ctx.loaded.settings.sync.links,
    discoverLinks(inv, report),
    ctx.loaded.settings.sync.autoLinks,
  );
  if (json)
    writeJson(io, OUTPUT.links, {
      links: links.map((l) => ({ ...l, description: describeTarget(l.target) })),
    });
  else if (links.length === 0)
    io.stdout.write(
      'No links. Existing copies of the Claude login are linked automatically; add others with `clawkeeper link add`.\n',
    );
  else
    for (const l of links)
      io.stdout.write(`${l.auto ? 'auto  ' : 'added '} ${l.id}\n       ${describeTarget(l.target)}\n`);
  return 0;
}

/** `clawkeeper link`: usage and summary live in ../commands.ts. */
export async function runLink(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      agent: { type: 'string' },
      install: { type: 'string' },
      'profile-id': { type: 'string' },
      full: { type: 'boolean', default: false },
      dotenv: { type: 'string' },
      var: { type: 'string' },
      'oauth-json': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
    },
  });
  const ctx = await createAppContext(io.env);
  const path = settingsPath(ctx.env);
  if (sub === 'list' || sub === undefined) return list(ctx, io, values.json);
  if (sub === 'add') {
    const target = await targetFrom(ctx, values);
    const id = linkId(target);
    const inv = await discover(ctx.deps);
    const agent = target.kind === 'env-file' || values['oauth-json'] ? null : (values.agent ?? 'main');
    let holding;
    try {
      holding = await guardLinkTarget(ctx, inv, target, agent);
    } catch (e: unknown) {
      if (!(e instanceof AppError)) throw e;
      io.stderr.write(`clawkeeper: refused: ${e.message}\n`);
      return 1;
    }
    const sqlite = target.kind === 'openclaw-cli';
    if (holding.kind === 'foreign' && !values.replace) {
      io.stderr.write(
        `clawkeeper: refused: ${describeTarget(target)} holds ${holding.what}. A link would replace it with Claude Code's login.
` +
          (sqlite
            ? `  To replace it anyway run the same command with --replace. There is no backup: OpenClaw owns that database and
  Clawkeeper writes it only through \`openclaw models auth paste-token\`, so what it holds now is lost (only the masked
  form and fingerprint above are kept, in the log). Keep the token yourself first if you may need it again.
`
            : `  To replace it anyway run the same command with --replace (a backup of the file is taken first).
`),
      );
      return 1;
    }
    let replaced: string | null = null;
    if (holding.kind === 'foreign') {
      const login = primaryLogin(inv);
      if (!login?.access || login.blanked || login.expiresAt <= ctx.clock.now())
        throw new AppError(
          'not-found',
          'there is no live Claude Code login to put in its place; run `claude` and /login first',
        );
      const r = await syncLink(
        ctx.writer,
        { id, target, auto: false },
        { access: login.access, refresh: login.refresh, expiresAt: login.expiresAt },
        target.kind === 'openclaw-cli'
          ? syncViaOpenClawCli({ openclaw: ctx.openclaw, lineage: ctx.lineage, clock: ctx.clock })
          : null,
        { replace: true, reason: `link add --replace (${holding.what})` },
      );
      replaced = r.backupId;
      io.stdout.write(
        `Replaced ${holding.what} in ${describeTarget(target)} with Claude Code's login${r.backupId ? ` (backup ${r.backupId}; \`clawkeeper backup restore ${r.backupId}\` undoes it)` : ''}.\n`,
      );
      if (sqlite) {
        // OpenClaw's database has no backup Clawkeeper could restore: say what is gone, and keep
        // only its masked form and fingerprint (never the token) in the log
        io.stdout.write(
          `  No backup: OpenClaw owns that database. What it held is gone; to bring it back, paste it again with
  \`openclaw models auth paste-token --provider anthropic --profile-id ${target.profileId}\` and remove this link.\n`,
        );
        createFileLogger(ctx.dataDir).warn(
          'link add --replace: replaced a credential in an OpenClaw database (no backup)',
          {
            target: describeTarget(target),
            replaced: holding.what,
          },
        );
      }
    }
    await updateSettings(ctx.writer.files, path, (raw) => {
      const sync = ((raw.sync as Record<string, unknown> | undefined) ?? {}) as { links?: LinkTarget[] };
      sync.links = [...(sync.links ?? []).filter((l) => linkId(l) !== id), target];
      raw.sync = sync;
    });
    io.stdout.write(`Linked ${describeTarget(target)}\n  id: ${id}\n`);
    if (replaced === null && holding.kind === 'same-lineage')
      io.stdout.write('  It already holds a copy of this login; `clawkeeper sync` keeps it in step.\n');
    if ('full' in target && target.full)
      io.stderr.write(
        'clawkeeper: warning: a full copy hands OpenClaw the refresh token; if both sides refresh, one logs the other out\n',
      );
    return 0;
  }
  if (sub === 'remove') {
    const id = positionals[0];
    if (!id) throw new UsageError('link remove needs the id shown by `clawkeeper link list`');
    let found = false;
    await updateSettings(ctx.writer.files, path, (raw) => {
      const sync = ((raw.sync as Record<string, unknown> | undefined) ?? {}) as { links?: LinkTarget[] };
      const before = sync.links ?? [];
      sync.links = before.filter((l) => linkId(l) !== id);
      found = sync.links.length !== before.length;
      raw.sync = sync;
    });
    if (!found) {
      io.stderr.write(
        `clawkeeper: no added link with id ${id} (automatic links go away with the copy; turn them all off with sync.autoLinks=false)\n`,
      );
      return 1;
    }
    io.stdout.write(`Removed ${id}\n`);
    return 0;
  }
  throw new UsageError(`unknown link subcommand "${sub}"`);
}

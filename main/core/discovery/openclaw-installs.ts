import { join } from 'node:path';
import type { SqliteReader } from '../../ports/sqlite.ts';
import type { Files } from '../../ports/files.ts';
import { parseAuthProfiles, parseAuthState, parseLegacyOauth } from '../formats/auth-profiles.ts';
import { readOpenClawConfig, type OpenClawConfig } from '../formats/openclaw-config.ts';
import type { AgentStore, OpenClawInstall, StoreGeneration } from './inventory.ts';
import { openClawStateDirs, type StateDirCandidate } from '../kernel/paths.ts';
import { compareVersions } from '../kernel/version.ts';
import { readAgentDb, readSharedDb, type DirectRead } from './sqlite-stores.ts';
import { configEnvOf, configProviderKeysOf, gatewayEnvFiles, profileStateDirs } from './gateway-env.ts';
import { readParsed } from './read-file.ts';
import { agentRoster } from '../formats/openclaw-config.ts';
import type { DiscoveryDeps, DiscoveryOptions } from './discovery.ts';

/** OpenClaw (Clawdbot, Moltbot) installs: state folders, config, every agent's store. Reads only. */
export async function discoverOpenClaw(
  deps: DiscoveryDeps,
  opts: DiscoveryOptions,
): Promise<OpenClawInstall[]> {
  const listed = openClawStateDirs(deps.env, deps.settings.openclaw.extraStateDirs);
  const seen = new Set(listed.map((c) => c.stateDir));
  const profiles = (await profileStateDirs(deps.files, deps.env)).filter((c) => !seen.has(c.stateDir));
  const candidates = [...listed, ...profiles];
  const found = (await Promise.all(candidates.map((c) => discoverInstall(deps, c, opts)))).filter(
    (i): i is OpenClawInstall => i !== null,
  );
  return withLeftovers(found, await deps.openclaw.locate(), deps.env.vars.OPENCLAW_STATE_DIR);
}

/**
 * OpenClaw (2026.3+) uses `~/.clawdbot` only while `~/.openclaw` does not exist (and its doctor
 * then moves it there); 2026.6+ never reads `~/.moltbot`. Beside an OpenClaw install served by
 * the installed `openclaw` CLI, those folders are leftovers no gateway reads.
 */
function withLeftovers(
  installs: OpenClawInstall[],
  cli: string | null,
  stateDirEnv: string | undefined,
): OpenClawInstall[] {
  const current = installs.find((i) => i.label === 'openclaw');
  if (!cli || !current) return installs;
  return installs.map((i) =>
    i.label === 'clawdbot' || i.label === 'moltbot'
      ? {
          ...i,
          leftover: stateDirEnv
            ? `OPENCLAW_STATE_DIR points the gateway at ${current.stateDir}; this older ${i.label} folder is not read`
            : `OpenClaw uses ${current.stateDir} once it exists; this older ${i.label} folder is a leftover it does not read`,
        }
      : i,
  );
}

async function configPathOf(files: Files, c: StateDirCandidate): Promise<string> {
  if (c.configPath) return c.configPath;
  for (const name of c.configNames) {
    const p = join(c.stateDir, name);
    if ((await files.stat(p))?.isFile) return p;
  }
  for (const p of c.fallbackConfigs ?? []) if ((await files.stat(p))?.isFile) return p;
  return join(c.stateDir, c.configNames[0] ?? 'openclaw.json');
}

async function discoverInstall(
  deps: DiscoveryDeps,
  c: StateDirCandidate,
  opts: DiscoveryOptions,
): Promise<OpenClawInstall | null> {
  const { files } = deps;
  const stateDirStat = await files.stat(c.stateDir);
  if (!stateDirStat?.isDirectory) return null;
  const configPath = await configPathOf(files, c);
  // one parse: the values health judges and whether a fix can edit the text in place
  let configInPlace = true;
  const config = await readParsed(files, configPath, (text) => {
    const r = readOpenClawConfig(text);
    if (!r.ok) return r;
    configInPlace = r.value.document.inPlace;
    return { ok: true, value: r.value.config };
  });
  const agentDirs = await agentDirectories(deps, c, config.status === 'ok' ? config.value : null);
  const sharedDb = join(c.stateDir, 'state', 'openclaw.sqlite');
  const sharedDbPath = (await files.stat(sharedDb))?.isFile ? sharedDb : null;
  const perAgentDb = await Promise.all(
    agentDirs.map(async ([, dir]) =>
      (await files.stat(join(dir, 'openclaw-agent.sqlite')))?.isFile
        ? join(dir, 'openclaw-agent.sqlite')
        : null,
    ),
  );
  const agentJson = await Promise.all(
    agentDirs.map(async ([, dir]) => (await files.stat(join(dir, 'auth-profiles.json')))?.isFile ?? false),
  );
  // The PATH's CLI serves the current state dir and its named profiles; Clawdbot/Moltbot dirs are older installs.
  const cliVersion =
    c.label === 'openclaw' || c.label.startsWith('openclaw-') ? await deps.openclaw.version() : null;
  const version =
    cliVersion ?? (config.status === 'ok' ? (config.value.meta?.lastTouchedVersion ?? null) : null);
  const generation = generationOf(c.label, version, {
    sharedDb: sharedDbPath !== null,
    agentDb: perAgentDb.some((p) => p !== null),
    agentJson: agentJson.some(Boolean),
  });
  if (generation.startsWith('sqlite')) {
    // SQLite stores need no agent directory: `main` and every configured agent may hold profiles.
    const configured = config.status === 'ok' ? (agentRoster(config.value) ?? []).map(([id]) => id) : [];
    for (const id of ['main', ...configured]) {
      if (!agentDirs.some(([known]) => known === id)) {
        agentDirs.push([id, join(c.stateDir, 'agents', id, 'agent')]);
        perAgentDb.push(null);
      }
    }
  }
  const selected = agentDirs
    .map((a, i) => [a, perAgentDb[i] ?? null] as const)
    .filter(([[id]]) => !opts.agent || id === opts.agent);
  const sqliteGen = generation.startsWith('sqlite');
  const direct = sqliteGen ? await directReader(deps) : null;
  const notes: string[] = [];
  if (direct && typeof direct === 'string')
    notes.push(
      `${direct}: SQLite stores are read through the openclaw CLI instead (slower, no token fingerprints)`,
    );
  const reader = direct && typeof direct !== 'string' ? direct : null;
  const shared =
    reader && sharedDbPath ? await readSharedDb(reader, sharedDbPath, await files.stat(sharedDbPath)) : null;
  const agents: AgentStore[] = [];
  for (const [[agentId, dir], sqlitePath] of selected) {
    const [profiles, state, dirStat] = await Promise.all([
      readParsed(files, join(dir, 'auth-profiles.json'), parseAuthProfiles),
      readParsed(files, join(dir, 'auth-state.json'), parseAuthState),
      files.stat(dir),
    ]);
    let read: DirectRead | null = null;
    if (reader) {
      if (agentId === 'main' && shared && (!shared.ok || shared.owns)) read = shared;
      else if (sqlitePath) read = await readAgentDb(reader, sqlitePath, await files.stat(sqlitePath));
      else read = emptyStore(join(dir, 'openclaw-agent.sqlite'));
    }
    if (read && !read.ok) notes.push(`${read.reason}; read through the openclaw CLI instead`);
    if (read?.ok) {
      agents.push({
        agentId,
        dir,
        dirStat,
        origin: 'sqlite',
        profiles: read.profiles,
        state: read.state,
        retiredJson: profiles,
        sqlitePath: read.path,
        cli: null,
      });
      continue;
    }
    const cli = sqliteGen
      ? await deps.openclaw.modelsStatus({ stateDir: c.stateDir, configPath: c.configPath, agentId })
      : null;
    agents.push({
      agentId,
      dir,
      dirStat,
      origin: 'json',
      profiles,
      state,
      retiredJson: sqliteGen ? profiles : { status: 'missing', path: profiles.path },
      sqlitePath,
      cli,
    });
  }
  return {
    label: c.label,
    stateDir: c.stateDir,
    stateDirStat,
    configPath,
    configInPlace,
    config,
    generation,
    version,
    sharedDbPath,
    legacyOauth: await readParsed(files, join(c.stateDir, 'credentials', 'oauth.json'), parseLegacyOauth),
    agents,
    readNotes: notes,
    envFiles: await gatewayEnvFiles(files, deps.env, c),
    configEnv: configEnvOf(config.status === 'ok' ? config.value : null),
    configKeys: configProviderKeysOf(config.status === 'ok' ? config.value : null),
  };
}

/** `[agentId, dir]` of every configured agent whose `agentDir` is set (`~` is the home). */
function configuredAgentDirs(
  config: OpenClawConfig | null,
  env: DiscoveryDeps['env'],
): Array<[string, string]> {
  return (agentRoster(config) ?? []).flatMap(([id, e]) => {
    const d = typeof e['agentDir'] === 'string' ? e['agentDir'].trim() : '';
    return d ? [[id, d.startsWith('~') ? join(env.home, d.slice(1)) : d] as [string, string]] : [];
  });
}

/** The SQLite reader when the runtime has one; else why not. */
async function directReader(deps: DiscoveryDeps): Promise<SqliteReader | string> {
  if (!deps.sqlite) return 'no built-in SQLite reader';
  return (await deps.sqlite.unavailable()) ?? deps.sqlite;
}

/** An agent of a SQLite generation with no database yet: no profiles, as OpenClaw sees it. */
function emptyStore(path: string): DirectRead {
  return {
    ok: true,
    path,
    profiles: { status: 'ok', path, value: { version: 1, profiles: {} }, stat: null },
    state: { status: 'missing', path },
  };
}

/** `[agentId, agentDir]` for every agent with a directory; `$OPENCLAW_AGENT_DIR` overrides main's. */
async function agentDirectories(
  deps: DiscoveryDeps,
  c: StateDirCandidate,
  config: OpenClawConfig | null,
): Promise<Array<[string, string]>> {
  const names = (await deps.files.list(join(c.stateDir, 'agents'))) ?? [];
  const out: Array<[string, string]> = [];
  for (const id of names.sort()) {
    const dir = join(c.stateDir, 'agents', id, 'agent');
    if ((await deps.files.stat(dir))?.isDirectory) out.push([id, dir]);
  }
  // `agents.list[].agentDir` puts an agent's store elsewhere (every release reads it)
  for (const [id, dir] of configuredAgentDirs(config, deps.env)) {
    const i = out.findIndex(([known]) => known === id);
    if (i >= 0) out.splice(i, 1);
    if ((await deps.files.stat(dir))?.isDirectory) out.push([id, dir]);
  }
  const override = c.label === 'openclaw' ? deps.env.vars.OPENCLAW_AGENT_DIR : undefined;
  if (override) {
    const i = out.findIndex(([id]) => id === 'main');
    if (i >= 0) out.splice(i, 1);
    if ((await deps.files.stat(override))?.isDirectory) out.unshift(['main', override]);
  }
  return out;
}

/**
 * Store generation (docs/domain.md §4). A known version decides (the CLI's, else the config's
 * `meta.lastTouchedVersion`); without one, the files on disk. 2026.6.1 already creates an
 * empty `state/openclaw.sqlite`, so that file alone does not mean the SQLite generation.
 */
export function generationOf(
  label: string,
  version: string | null,
  disk: { sharedDb: boolean; agentDb: boolean; agentJson: boolean },
): StoreGeneration {
  if (version) {
    if (compareVersions(version, '2026.8.1') >= 0) return 'sqlite-shared';
    if (compareVersions(version, '2026.6.5') >= 0) return 'sqlite-agent';
    if (compareVersions(version, '2026.1.26') >= 0) return 'json';
    return 'json-cli-sync';
  }
  if (disk.agentDb) return 'sqlite-agent';
  if (disk.sharedDb && !disk.agentJson) return 'sqlite-shared';
  return label === 'openclaw' ? 'json' : 'json-cli-sync';
}

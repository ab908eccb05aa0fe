import { join } from 'node:path';
import type { Environment } from '../../ports/environment.ts';
import type { Files } from '../../ports/files.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import type { SqliteReader } from '../../ports/sqlite.ts';
import { AppError, toAppError } from '../kernel/errors.ts';
import { parseClaudeCredentials, type ClaudeCredentialsFile } from '../formats/claude-credentials.ts';
import { parseAuthProfiles, parseAuthState, parseLegacyOauth } from '../formats/auth-profiles.ts';
import { readOpenClawConfig } from '../formats/openclaw-config.ts';
import type { Parsed } from '../formats/parse.ts';
import type {
  AgentStore,
  ClaudeStore,
  EnvCredential,
  Inventory,
  OpenClawInstall,
  Read,
  StoreGeneration,
} from './inventory.ts';
import {
  claudeConfigDir,
  claudeCredentialsPath,
  claudeKeychainServices,
  openClawStateDirs,
  type StateDirCandidate,
} from '../kernel/paths.ts';
import { Secret } from '../kernel/secret.ts';
import type { Settings } from '../settings/settings.ts';
import { compareVersions } from '../kernel/version.ts';
import { readAgentDb, readSharedDb, type DirectRead } from './sqlite-stores.ts';

export interface DiscoveryDeps {
  readonly files: Files;
  readonly env: Environment;
  readonly keychain: ForeignKeychain | null;
  readonly openclaw: OpenClawCli;
  readonly settings: Settings;
  /** built-in SQLite for direct reads of SQLite stores; absent: the `openclaw` CLI reads them */
  readonly sqlite?: SqliteReader | null;
}

export interface DiscoveryOptions {
  /** only this agent (CLI `--agent`) */
  readonly agent?: string;
}

const ENV_CREDENTIALS = ['CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_OAUTH_TOKEN', 'ANTHROPIC_API_KEY'] as const;

async function readParsed<T>(
  files: Files,
  path: string,
  parse: (text: string) => Parsed<T>,
): Promise<Read<T>> {
  let text: string | null;
  try {
    text = await files.readText(path);
  } catch (e: unknown) {
    // a FIFO, device, oversized or non-UTF-8 file: unreadable, and so never written
    if (e instanceof AppError && e.code === 'unreadable')
      return { status: 'unreadable', path, error: e.message, stat: null };
    // one bad file is one `unreadable` entry with its path and the reason, never a crash
    const stat = await files.stat(path).catch(() => null);
    return { status: 'unreadable', path, error: readFailure(e), stat };
  }
  if (text === null) return { status: 'missing', path };
  const stat = await files.stat(path).catch(() => null);
  const parsed = parse(text);
  return parsed.ok
    ? { status: 'ok', path, value: parsed.value, stat }
    : { status: 'unreadable', path, error: parsed.error, stat };
}

const READ_FAILURES: Record<string, string> = {
  EACCES: 'permission denied (check its owner and mode; Docker bind mounts are often uid 1000)',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ELOOP: 'a symlink loop',
  ENOTDIR: 'a parent path is not a directory',
  EIO: 'an I/O error',
};

function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && READ_FAILURES[code]) return READ_FAILURES[code];
  return typeof code === 'string' ? `cannot be read (${code})` : 'cannot be read';
}

/**
 * Looking around never fails on one odd path (a symlink loop, a directory without permission):
 * `stat` and `list` see it as absent; reading a store still reports it `unreadable` with the reason.
 */
function tolerant(files: Files): Files {
  return {
    readText: (p) => files.readText(p),
    stat: (p) => files.stat(p).catch(() => null),
    list: (p) => files.list(p).catch(() => null),
    canWrite: (p) => files.canWrite(p).catch(() => false),
    realPath: (p) => files.realPath(p).catch(() => p),
  };
}

/** Finds every credential store on this machine. Reads only; databases are opened read-only. */
export async function discover(deps: DiscoveryDeps, opts: DiscoveryOptions = {}): Promise<Inventory> {
  deps = { ...deps, files: tolerant(deps.files) };
  const [claude, installs] = await Promise.all([discoverClaude(deps), discoverOpenClaw(deps, opts)]);
  const env: EnvCredential[] = [];
  for (const name of ENV_CREDENTIALS) {
    const v = deps.env.vars[name];
    if (v) env.push({ name, value: new Secret(v) });
  }
  return {
    claude: claude.stores,
    duplicateKeychainItems: claude.duplicates,
    installs,
    env,
    openclawBin: await deps.openclaw.locate(),
    currentUid: deps.env.uid,
  };
}

/** Claude Code's items in the OS credential store, most specific service first. */
async function keychainStores(deps: DiscoveryDeps): Promise<{ stores: ClaudeStore[]; duplicates: string[] }> {
  const { env, keychain } = deps;
  const found: ClaudeStore[] = [];
  if (!keychain || !deps.settings.keychain.readClaudeItem) return { stores: [], duplicates: [] };
  for (const service of claudeKeychainServices(env)) {
    const location = `keychain:${service}`;
    try {
      const secret = await keychain.readGenericPassword(service, env.user);
      if (secret === null) continue;
      const parsed = parseClaudeCredentials(secret);
      const read: Read<ClaudeCredentialsFile> = parsed.ok
        ? { status: 'ok', path: location, value: parsed.value, stat: null }
        : { status: 'unreadable', path: location, error: parsed.error, stat: null };
      // An item holding only mcpOAuth is not the login (docs/domain.md §2): skip it.
      if (read.status === 'ok' && !read.value.claudeAiOauth) continue;
      found.push({ source: 'keychain', location, read, primary: false, writable: true });
    } catch (e: unknown) {
      const msg = toAppError(e).message;
      found.push({
        source: 'keychain',
        location,
        read: { status: 'unreadable', path: location, error: msg, stat: null },
        primary: false,
        writable: false,
      });
    }
  }
  const withLogin = found.filter((s) => s.read.status === 'ok');
  const primary = withLogin[0] ?? found[0];
  return {
    stores: found.map((s) => (s === primary ? { ...s, primary: true } : s)),
    duplicates: withLogin.length > 1 ? withLogin.map((s) => s.location) : [],
  };
}

/**
 * Claude Code's login: on macOS the Keychain item is the live store and the file a leftover;
 * elsewhere the file, and on Windows the Credential Manager when there is no file (docs/domain.md §2).
 */
async function discoverClaude(deps: DiscoveryDeps): Promise<{ stores: ClaudeStore[]; duplicates: string[] }> {
  const { files, env } = deps;
  const path = claudeCredentialsPath(env);
  const read = await readParsed(files, path, parseClaudeCredentials);
  const fileStore = async (primary: boolean): Promise<ClaudeStore> => ({
    source: 'file',
    location: path,
    read,
    primary,
    writable: (await files.canWrite(path)) && (await files.canWrite(claudeConfigDir(env))),
  });
  const useKeychain = env.platform === 'darwin' || (env.platform === 'win32' && read.status === 'missing');
  const kc = useKeychain ? await keychainStores(deps) : { stores: [], duplicates: [] };
  const keychainHasLogin = kc.stores.some((s) => s.primary && s.read.status === 'ok');
  // Without a readable login in the credential store, Claude Code falls back to the file.
  const stores = kc.stores.map((s) =>
    s.primary && !keychainHasLogin && read.status !== 'missing' ? { ...s, primary: false } : s,
  );
  if (read.status !== 'missing') stores.push(await fileStore(!keychainHasLogin));
  return { stores, duplicates: kc.duplicates };
}

async function discoverOpenClaw(deps: DiscoveryDeps, opts: DiscoveryOptions): Promise<OpenClawInstall[]> {
  const candidates = openClawStateDirs(deps.env, deps.settings.openclaw.extraStateDirs);
  const found = await Promise.all(candidates.map((c) => discoverInstall(deps, c, opts)));
  return found.filter((i): i is OpenClawInstall => i !== null);
}

async function configPathOf(files: Files, c: StateDirCandidate): Promise<string> {
  if (c.configPath) return c.configPath;
  for (const name of c.configNames) {
    const p = join(c.stateDir, name);
    if ((await files.stat(p))?.isFile) return p;
  }
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
  const agentDirs = await agentDirectories(deps, c);
  const sharedDb = join(c.stateDir, 'state', 'openclaw.sqlite');
  const sharedDbPath = (await files.stat(sharedDb))?.isFile ? sharedDb : null;
  const perAgentDb = await Promise.all(
    agentDirs.map(async ([, dir]) =>
      (await files.stat(join(dir, 'openclaw-agent.sqlite')))?.isFile
        ? join(dir, 'openclaw-agent.sqlite')
        : null,
    ),
  );
  // one parse: the values health judges and whether a fix can edit the text in place
  let configInPlace = true;
  const config = await readParsed(files, configPath, (text) => {
    const r = readOpenClawConfig(text);
    if (!r.ok) return r;
    configInPlace = r.value.document.inPlace;
    return { ok: true, value: r.value.config };
  });
  const agentJson = await Promise.all(
    agentDirs.map(async ([, dir]) => (await files.stat(join(dir, 'auth-profiles.json')))?.isFile ?? false),
  );
  // The PATH's CLI serves the current state dir only; Clawdbot/Moltbot dirs are older installs.
  const cliVersion = c.label === 'openclaw' ? await deps.openclaw.version() : null;
  const version =
    cliVersion ?? (config.status === 'ok' ? (config.value.meta?.lastTouchedVersion ?? null) : null);
  const generation = generationOf(c.label, version, {
    sharedDb: sharedDbPath !== null,
    agentDb: perAgentDb.some((p) => p !== null),
    agentJson: agentJson.some(Boolean),
  });
  if (generation.startsWith('sqlite')) {
    // SQLite stores need no agent directory: `main` and every configured agent may hold profiles.
    const configured = config.status === 'ok' ? (config.value.agents?.list ?? []).map((a) => a.id) : [];
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
  };
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
async function agentDirectories(deps: DiscoveryDeps, c: StateDirCandidate): Promise<Array<[string, string]>> {
  const names = (await deps.files.list(join(c.stateDir, 'agents'))) ?? [];
  const out: Array<[string, string]> = [];
  for (const id of names.sort()) {
    const dir = join(c.stateDir, 'agents', id, 'agent');
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

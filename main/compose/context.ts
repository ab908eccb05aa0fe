import { PasteTokenService } from '../core/setup-token/paste-token.ts';
import type { Settings } from '../core/settings/settings.ts';
import { FileBackups } from '../adapters/node/file-backups.ts';
import { NodeLocks } from '../adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../adapters/node/node-writable-files.ts';
import { NapiForeignKeychain } from '../adapters/keychain/napi-foreign-keychain.ts';
import { NapiKeyringVault } from '../adapters/keychain/napi-keyring-vault.ts';
import { nodeEnvironment } from '../adapters/node/node-environment.ts';
import { NodeProcessRunner } from '../adapters/node/node-process-runner.ts';
import { SystemClock } from '../adapters/node/system-clock.ts';
import { FetchHttp } from '../adapters/node/fetch-http.ts';
import { SecurityCliKeychain } from '../adapters/keychain/security-cli-keychain.ts';
import { OpenClawCliAdapter } from '../adapters/openclaw-cli/openclaw-cli.ts';
import { NodeSqliteReader } from '../adapters/sqlite/node-sqlite-reader.ts';
import { discover, type DiscoveryDeps } from '../core/discovery/discovery.ts';
import { assess } from '../core/health/verdict.ts';
import { dirname, join } from 'node:path';
import { TEMP_MAX_AGE_MS, type JsonUpdateDeps } from '../core/writes/update-text-file.ts';
import { EvidenceMemory } from '../core/health/evidence-memory.ts';
import type { VerdictDeps } from '../core/health/verdict.ts';
import { verifyToken } from '../core/setup-token/verify-token.ts';
import type { LivenessProbe } from '../ports/probe.ts';
import { LineageMemory } from '../core/keeper/lineage-memory.ts';
import { appDataDir, openClawStateDirs, settingsPath } from '../core/kernel/paths.ts';
import { loadSettings, type LoadedSettings } from '../core/settings/settings.ts';
import type { Clock } from '../ports/clock.ts';
import type { Environment } from '../ports/environment.ts';
import type { Http } from '../ports/http.ts';
import type { Vault } from '../ports/keychain.ts';
import type { OpenClawCli } from '../ports/openclaw.ts';
import type { ProcessRunner } from '../ports/process-runner.ts';
import type { PathTrust } from '../ports/trust.ts';
import { NodePathTrust } from '../adapters/node/trust.ts';
import { receiverCheck, trustFindingsFor } from './trust-boundary.ts';
import { secureDataFolder, type DataFolderTrust } from './data-folder.ts';

export interface AppContext {
  readonly env: Environment;
  readonly clock: Clock;
  readonly loaded: LoadedSettings;
  readonly deps: DiscoveryDeps;
  /** files, locks and backups for every write to a user's file */
  readonly writer: JsonUpdateDeps;
  readonly runner: ProcessRunner;
  readonly openclaw: OpenClawCli;
  readonly vault: Vault;
  readonly http: Http;
  /** Anthropic API base for live checks: `CLAWKEEPER_API_BASE`, else settings `api.base` */
  readonly apiBase: string;
  /** logs, backups and daemon state */
  readonly dataDir: string;
  readonly lineage: LineageMemory;
  /** probe results, slot sightings, rejected logins (data dir, fingerprints only) */
  readonly evidence: EvidenceMemory;
  /** the one trust rule (core/kernel/trust.ts) on this machine's file system */
  readonly trust: PathTrust;
  /** the data folder as the start found it: refused, tightened, things moved aside */
  readonly data: DataFolderTrust;
}

/**
 * Composition root of the headless CLI (and, with `responsive`, of the tray app): builds the Node
 * adapters from the process environment.
 */
export async function createAppContext(
  vars: NodeJS.ProcessEnv = process.env,
  overrides: { clock?: Clock; responsive?: boolean } = {},
): Promise<AppContext> {
  const env = nodeEnvironment(vars);
  // the CLI reads with blocking calls (faster for small files); the tray app stays responsive
  const files = new NodeWritableFiles({ blocking: !overrides.responsive });
  const clock = overrides.clock ?? new SystemClock();
  const trust = new NodePathTrust();
  const runner = new NodeProcessRunner(process.platform, trust);
  const loaded = await loadSettings(files, settingsPath(env), trust);
  const s = loaded.settings;
  const keychain =
    env.platform === 'darwin'
      ? new SecurityCliKeychain(runner, clock, {
          securityBin: vars.CLAWKEEPER_SECURITY_BIN || '/usr/bin/security',
          timeoutMs: s.keychain.timeoutMs,
        })
      : env.platform === 'win32'
        ? new NapiForeignKeychain()
        : null;
  const openclaw = new OpenClawCliAdapter(runner, {
    bin: s.openclaw.bin ?? (vars.CLAWKEEPER_OPENCLAW_BIN || null),
    env: env.vars,
    timeoutMs: s.openclaw.cliTimeoutMs,
  });
  const dataDir = appDataDir(env);
  // ours alone before anything in it is read: tightened if ours, refused if not
  const data = await secureDataFolder(files, dataDir, trust);
  // and nothing is written where another user's link or folder could take it
  const anchors = openClawStateDirs(env, s.openclaw.extraStateDirs).map((c) => c.stateDir);
  files.setReceiverCheck(receiverCheck(trust, files, () => anchors));
  // crash leftovers of our own (temp files older than a minute) in the folders that are ours
  for (const dir of [dataDir, join(dataDir, 'backups')])
    await files.sweepTemps(dir, TEMP_MAX_AGE_MS).catch(() => 0);
  const locks = new NodeLocks();
  // and OpenClaw locks a killed run of ours (or anyone's) left: their holder is dead; the backup
  // index's lock too (a run killed while indexing its backups, which it does last)
  const lockDirs: string[] = data.refused ? [] : [join(dataDir, 'backups')];
  for (const c of openClawStateDirs(env)) {
    lockDirs.push(c.stateDir, join(c.stateDir, 'credentials'));
    if (c.configPath) lockDirs.push(dirname(c.configPath));
    for (const a of (await files.list(join(c.stateDir, 'agents'))) ?? [])
      lockDirs.push(join(c.stateDir, 'agents', a, 'agent'));
  }
  await locks.clearDeadOpenClawLocks(lockDirs).catch(() => 0);
  const writer: JsonUpdateDeps = {
    files,
    locks,
    backups: new FileBackups(files, clock, join(dataDir, 'backups'), locks),
  };
  return {
    env,
    clock,
    loaded,
    // CLAWKEEPER_SQLITE_READER=cli reads SQLite stores through `openclaw models status` (the
    // path of a Node without node:sqlite), so tests can take it on any Node
    deps: {
      files,
      env,
      keychain,
      openclaw,
      settings: s,
      sqlite: vars.CLAWKEEPER_SQLITE_READER === 'cli' ? null : new NodeSqliteReader(),
    },
    writer,
    runner,
    openclaw,
    vault: new NapiKeyringVault(),
    http: new FetchHttp(env.vars),
    apiBase: vars.CLAWKEEPER_API_BASE || s.api.base,
    dataDir,
    lineage: new LineageMemory(files, join(dataDir, 'lineage.json')),
    evidence: new EvidenceMemory(files, dataDir),
    trust,
    data,
  };
}

/** The setup-token intake service on this context (CLI and tray app build it the same way). */
export function createPasteService(
  ctx: AppContext,
  settings: Settings = ctx.loaded.settings,
): PasteTokenService {
  return new PasteTokenService({
    discovery: { ...ctx.deps, settings },
    writer: ctx.writer,
    openclaw: ctx.openclaw,
    vault: ctx.vault,
    http: ctx.http,
    clock: ctx.clock,
    dataDir: ctx.dataDir,
    apiBase: ctx.apiBase,
    apiTimeoutMs: settings.api.timeoutMs,
  });
}

/** What the one verdict needs on this context (status, doctor and the keeper alike). */
export function verdictDeps(ctx: AppContext, settings: Settings = ctx.loaded.settings): VerdictDeps {
  return {
    now: () => ctx.clock.now(),
    settings,
    lineage: ctx.lineage,
    memory: ctx.evidence,
    files: ctx.writer.files,
    probe: livenessProbe(ctx, settings),
    trust: trustFindingsFor(ctx),
  };
}

/** The liveness probe on this context: `paste-token --verify`'s request, one way to send a token. */
export function livenessProbe(ctx: AppContext, settings: Settings = ctx.loaded.settings): LivenessProbe {
  return {
    async check(token) {
      const r = await verifyToken(ctx.http, ctx.apiBase, token, {
        asApiKey: false,
        timeoutMs: settings.api.timeoutMs,
      });
      return r === 'valid' ? 'accepted' : r === 'invalid-bearer' ? 'rejected' : 'unreachable';
    },
  };
}

/**
 * Records what every slot holds now (the verdict's sightings), without probing. `paste-token`
 * calls it before and after storing, so OpenClaw's failures recorded for the token it replaced
 * are never blamed on the new one, even when no `status` ran before.
 */
export async function recordSightings(ctx: AppContext): Promise<void> {
  await assess(await discover(ctx.deps), verdictDeps(ctx), { probe: 'off' });
}

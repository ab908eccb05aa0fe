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
import type { DiscoveryDeps } from '../core/discovery/discovery.ts';
import { join } from 'node:path';
import type { JsonUpdateDeps } from '../core/writes/update-text-file.ts';
import { LineageMemory } from '../core/keeper/lineage-memory.ts';
import { appDataDir, settingsPath } from '../core/kernel/paths.ts';
import { loadSettings, type LoadedSettings } from '../core/settings/settings.ts';
import type { Clock } from '../ports/clock.ts';
import type { Environment } from '../ports/environment.ts';
import type { Http } from '../ports/http.ts';
import type { Vault } from '../ports/keychain.ts';
import type { OpenClawCli } from '../ports/openclaw.ts';
import type { ProcessRunner } from '../ports/process-runner.ts';

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
}

/** Composition root of the headless CLI: builds the Node adapters from the process environment. */
export async function createAppContext(
  vars: NodeJS.ProcessEnv = process.env,
  overrides: { clock?: Clock } = {},
): Promise<AppContext> {
  const env = nodeEnvironment(vars);
  const files = new NodeWritableFiles();
  const clock = overrides.clock ?? new SystemClock();
  const runner = new NodeProcessRunner();
  const loaded = await loadSettings(files, settingsPath(env));
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
  const writer: JsonUpdateDeps = {
    files,
    locks: new NodeLocks(),
    backups: new FileBackups(files, clock, join(dataDir, 'backups')),
  };
  return {
    env,
    clock,
    loaded,
    deps: { files, env, keychain, openclaw, settings: s },
    writer,
    runner,
    openclaw,
    vault: new NapiKeyringVault(),
    http: new FetchHttp(),
    apiBase: vars.CLAWKEEPER_API_BASE || s.api.base,
    dataDir,
    lineage: new LineageMemory(files, join(dataDir, 'lineage.json')),
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

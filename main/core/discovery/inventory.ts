import type { FileStat } from '../../ports/files.ts';
import type { CliStatusResult } from '../../ports/openclaw.ts';
import { loginOf, type ClaudeCredentialsFile, type ClaudeLogin } from '../formats/claude-credentials.ts';
import type { AuthProfilesFile, AuthStateFile, LegacyOauthFile } from '../formats/auth-profiles.ts';
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import type { Secret } from '../kernel/secret.ts';

/** A file we read: absent, present but unusable (never rewritten), or parsed. */
export type Read<T> =
  | { readonly status: 'missing'; readonly path: string }
  | {
      readonly status: 'unreadable';
      readonly path: string;
      readonly error: string;
      readonly stat: FileStat | null;
    }
  | { readonly status: 'ok'; readonly path: string; readonly value: T; readonly stat: FileStat | null };

export interface ClaudeStore {
  readonly source: 'file' | 'keychain';
  /** file path, or `keychain:<service>` */
  readonly location: string;
  readonly read: Read<ClaudeCredentialsFile>;
  /** whether Claude Code on this platform treats this store as the live one */
  readonly primary: boolean;
  /** false when the file or its directory cannot be written (e.g. mounted read-only) */
  readonly writable: boolean;
}

export type StoreGeneration = 'json-cli-sync' | 'json' | 'sqlite-agent' | 'sqlite-shared';

export interface AgentStore {
  readonly agentId: string;
  readonly dir: string;
  readonly dirStat: FileStat | null;
  /**
   * Where `profiles` and `state` came from: the JSON files, or (SQLite generations, read
   * directly) the database rows, which hold the same documents. In a SQLite generation read
   * through the CLI instead, `profiles` is the retired JSON file and `cli` says what OpenClaw sees.
   */
  readonly origin: 'json' | 'sqlite';
  readonly profiles: Read<AuthProfilesFile>;
  readonly state: Read<AuthStateFile>;
  /** a SQLite generation's leftover `auth-profiles.json` (OpenClaw ignores it); else `missing` */
  readonly retiredJson: Read<AuthProfilesFile>;
  /** the SQLite database holding this agent's store, when there is one */
  readonly sqlitePath: string | null;
  /** what `openclaw models status --json --agent <id>` said (SQLite generations only) */
  readonly cli: CliStatusResult | null;
}

export interface OpenClawInstall {
  readonly label: string;
  readonly stateDir: string;
  readonly stateDirStat: FileStat | null;
  readonly configPath: string;
  readonly config: Read<OpenClawConfig>;
  /** the config's syntax lets a fix edit it in place (JSONC); false: JSON5-only, it is rewritten */
  readonly configInPlace?: boolean;
  readonly generation: StoreGeneration;
  /** the version of the OpenClaw CLI serving this install, when known */
  readonly version: string | null;
  readonly sharedDbPath: string | null;
  readonly legacyOauth: Read<LegacyOauthFile>;
  readonly agents: readonly AgentStore[];
  /** why some SQLite store could not be read directly (then the CLI read it), for `installs[]` */
  readonly readNotes: readonly string[];
  /**
   * Files the gateway loads into its environment: `<state>/.env` and (2026.6+, default state dir)
   * `~/.config/openclaw/gateway.env`; only the Anthropic credential variables are kept.
   */
  readonly envFiles?: readonly EnvFile[];
  /** Anthropic credential variables set in openclaw.json's `env` block (`env.vars` or inline) */
  readonly configEnv?: readonly EnvCredential[];
  /** other providers' key variables set in that `env` block (names only) */
  readonly configKeys?: readonly string[];
  /** why no gateway reads this state folder (a Clawdbot folder beside OpenClaw's), else absent */
  readonly leftover?: string;
}

export interface EnvFile {
  readonly path: string;
  readonly kind: 'state-env' | 'gateway-env';
  readonly vars: readonly EnvCredential[];
  /** other providers' key variables the file sets (names only: `OPENAI_API_KEY`) */
  readonly keys?: readonly string[];
  readonly stat: FileStat | null;
}

export interface EnvCredential {
  readonly name: string;
  readonly value: Secret;
}

export interface Inventory {
  readonly claude: readonly ClaudeStore[];
  /** more than one Keychain item holds a Claude login */
  readonly duplicateKeychainItems: readonly string[];
  readonly installs: readonly OpenClawInstall[];
  readonly env: readonly EnvCredential[];
  /** other providers' key variables set in this environment (names only) */
  readonly providerKeys?: readonly string[];
  /** path of the openclaw CLI used (or null), for messages */
  readonly openclawBin: string | null;
  readonly currentUid: number | null;
}

/** The one home of "primary login": the store Claude Code treats as live, when it was readable. */
export function primaryClaudeStore(inv: Inventory): ClaudeStore | null {
  return inv.claude.find((c) => c.primary && c.read.status === 'ok') ?? null;
}

/** Claude Code's live login as discovered (the primary, readable store), or null. */
export function primaryLogin(inv: Inventory): ClaudeLogin | null {
  const store = primaryClaudeStore(inv);
  return store?.read.status === 'ok' ? loginOf(store.read.value) : null;
}

import type { Environment } from '../../ports/environment.ts';
import type { Files } from '../../ports/files.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import type { SqliteReader } from '../../ports/sqlite.ts';
import { toAppError } from '../kernel/errors.ts';
import { parseClaudeCredentials, type ClaudeCredentialsFile } from '../formats/claude-credentials.ts';
import type { ClaudeStore, EnvCredential, Inventory, Read } from './inventory.ts';
import { providerKeysIn } from './gateway-env.ts';
import { claudeLoginDir, claudeCredentialsPath, claudeKeychainServices } from '../kernel/paths.ts';
import { Secret } from '../kernel/secret.ts';
import type { Settings } from '../settings/settings.ts';
import { discoverOpenClaw } from './openclaw-installs.ts';
import { readParsed, tolerant } from './read-file.ts';

export { generationOf } from './openclaw-installs.ts';

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
    providerKeys: providerKeysIn(deps.env.vars),
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
    writable: (await files.canWrite(path)) && (await files.canWrite(claudeLoginDir(env))),
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

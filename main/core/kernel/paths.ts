import { sha256Hex } from './sha256.ts';
import { join } from 'node:path';
import type { Environment } from '../../ports/environment.ts';

/** Claude Code's config dir: `$CLAUDE_CONFIG_DIR`, else `~/.claude` (docs/domain.md §2). */
export function claudeConfigDir(env: Environment): string {
  return env.vars.CLAUDE_CONFIG_DIR || join(env.home, '.claude');
}

/**
 * Where Claude Code keeps its login and that login's locks (`.credentials.json`,
 * `.oauth_refresh.lock`, the legacy `<dir>.lock`, `.storage-write.lock`): its secure-storage
 * folder. `$CLAUDE_SECURESTORAGE_CONFIG_DIR` when set at all (set but empty: `~/.claude`, even
 * with `CLAUDE_CONFIG_DIR` set), else the config dir. Read from Claude Code 2.1.197 and 2.1.332
 * (test/interop/FINDINGS.md); a refresher that locked the config dir instead would race it.
 */
export function claudeLoginDir(env: Environment): string {
  const dir = env.vars.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  if (dir !== undefined) return (dir || join(env.home, '.claude')).normalize('NFC');
  return claudeConfigDir(env);
}

export function claudeCredentialsPath(env: Environment): string {
  return join(claudeLoginDir(env), '.credentials.json');
}

export const CLAUDE_KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * Keychain services to try, most specific first. Claude Code suffixes the service with the first
 * 8 hex of sha256 of its secure-storage folder when that is named: `CLAUDE_SECURESTORAGE_CONFIG_DIR`
 * when set (set but empty: no suffix), else `CLAUDE_CONFIG_DIR` when set.
 */
export function claudeKeychainServices(env: Environment): string[] {
  const secure = env.vars.CLAUDE_SECURESTORAGE_CONFIG_DIR;
  const dir = secure !== undefined ? secure.normalize('NFC') : env.vars.CLAUDE_CONFIG_DIR;
  if (!dir) return [CLAUDE_KEYCHAIN_SERVICE];
  const suffix = sha256Hex(dir).slice(0, 8);
  return [`${CLAUDE_KEYCHAIN_SERVICE}-${suffix}`, CLAUDE_KEYCHAIN_SERVICE];
}

export interface StateDirCandidate {
  /** short label used in credential ids: openclaw, clawdbot, moltbot, or custom-N */
  readonly label: string;
  readonly stateDir: string;
  /** explicit config path from the environment, if any */
  readonly configPath: string | null;
  /** config file names to try, newest generation first */
  readonly configNames: readonly string[];
  /**
   * Config files the release falls back to, in order, when the state folder holds none: with
   * `OPENCLAW_STATE_DIR` set, OpenClaw's config path is the first existing of the state folder's,
   * `~/.openclaw`'s and `~/.clawdbot`'s (`resolveConfigPathCandidate`).
   */
  readonly fallbackConfigs?: readonly string[];
}

/** OpenClaw's home: `$OPENCLAW_HOME` (a leading `~` is the user's home), else the user's home. */
export function openClawHome(env: Environment): string {
  const h = env.vars.OPENCLAW_HOME?.trim();
  if (!h || h === 'undefined' || h === 'null') return env.home;
  return h.startsWith('~') ? join(env.home, h.slice(1)) : h;
}

/** `.openclaw`, or `.openclaw-<name>` for a named profile (`--profile name`, `OPENCLAW_PROFILE`). */
export function profileDirName(profile: string | undefined): string {
  const p = profile?.trim();
  return p && /^[A-Za-z0-9_-]+$/.test(p) && p.toLowerCase() !== 'default' ? `.openclaw-${p}` : '.openclaw';
}

/** Every place an OpenClaw (Clawdbot, Moltbot) install may keep its state, from the environment. */
export function openClawStateDirs(env: Environment, extra: readonly string[] = []): StateDirCandidate[] {
  const v = env.vars;
  const names = ['openclaw.json', 'clawdbot.json', 'moltbot.json'];
  const list: StateDirCandidate[] = [
    {
      label: 'openclaw',
      stateDir: v.OPENCLAW_STATE_DIR || join(openClawHome(env), profileDirName(v.OPENCLAW_PROFILE)),
      configPath: v.OPENCLAW_CONFIG_PATH || null,
      configNames: names,
      ...(v.OPENCLAW_STATE_DIR && !v.OPENCLAW_CONFIG_PATH
        ? {
            fallbackConfigs: ['.openclaw', '.clawdbot'].flatMap((d) =>
              ['openclaw.json', 'clawdbot.json'].map((n) => join(openClawHome(env), d, n)),
            ),
          }
        : {}),
    },
    {
      label: 'clawdbot',
      stateDir: v.CLAWDBOT_STATE_DIR || join(env.home, '.clawdbot'),
      configPath: null,
      configNames: ['clawdbot.json', ...names],
    },
    {
      label: 'moltbot',
      stateDir: v.MOLTBOT_STATE_DIR || join(env.home, '.moltbot'),
      configPath: null,
      configNames: ['moltbot.json', ...names],
    },
  ];
  extra.forEach((dir, i) =>
    list.push({ label: `custom${i + 1}`, stateDir: dir, configPath: null, configNames: names }),
  );
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.stateDir) ? false : (seen.add(c.stateDir), true)));
}

/** Where Clawkeeper keeps its settings file (platform config dir; `CLAWKEEPER_CONFIG` overrides). */
export function settingsPath(env: Environment): string {
  if (env.vars.CLAWKEEPER_CONFIG) return env.vars.CLAWKEEPER_CONFIG;
  return join(appConfigDir(env), 'settings.json');
}

export function appConfigDir(env: Environment): string {
  switch (env.platform) {
    case 'darwin':
      return join(env.home, 'Library', 'Application Support', 'Clawkeeper');
    case 'win32':
      return join(env.vars.APPDATA || join(env.home, 'AppData', 'Roaming'), 'Clawkeeper');
    default:
      return join(env.vars.XDG_CONFIG_HOME || join(env.home, '.config'), 'clawkeeper');
  }
}

/** Logs, backups and the daemon's state: `CLAWKEEPER_DATA_DIR` overrides. */
export function appDataDir(env: Environment): string {
  if (env.vars.CLAWKEEPER_DATA_DIR) return env.vars.CLAWKEEPER_DATA_DIR;
  switch (env.platform) {
    case 'darwin':
      return join(env.home, 'Library', 'Application Support', 'Clawkeeper');
    case 'win32':
      return join(env.vars.LOCALAPPDATA || join(env.home, 'AppData', 'Local'), 'Clawkeeper');
    default:
      return join(env.vars.XDG_STATE_HOME || join(env.home, '.local', 'state'), 'clawkeeper');
  }
}

/**
 * Throwaway per-user caches (Node's compile cache): `~/Library/Caches/Clawkeeper`,
 * `%LOCALAPPDATA%\Clawkeeper\Cache`, else `$XDG_CACHE_HOME/clawkeeper` (`~/.cache/clawkeeper`).
 */
export function appCacheDir(env: Environment): string {
  switch (env.platform) {
    case 'darwin':
      return join(env.home, 'Library', 'Caches', 'Clawkeeper');
    case 'win32':
      return join(env.vars.LOCALAPPDATA || join(env.home, 'AppData', 'Local'), 'Clawkeeper', 'Cache');
    default:
      return join(env.vars.XDG_CACHE_HOME || join(env.home, '.cache'), 'clawkeeper');
  }
}

import { sha256Hex } from './sha256.ts';
import { join } from 'node:path';
import type { Environment } from '../../ports/environment.ts';

/** Claude Code's config dir: `$CLAUDE_CONFIG_DIR`, else `~/.claude` (docs/domain.md §2). */
export function claudeConfigDir(env: Environment): string {
  return env.vars.CLAUDE_CONFIG_DIR || join(env.home, '.claude');
}

export function claudeCredentialsPath(env: Environment): string {
  return join(claudeConfigDir(env), '.credentials.json');
}

export const CLAUDE_KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * Keychain services to try, most specific first. With `CLAUDE_CONFIG_DIR` set, Claude Code
 * is reported to suffix the service with the first 8 hex of sha256(config dir).
 */
export function claudeKeychainServices(env: Environment): string[] {
  const dir = env.vars.CLAUDE_CONFIG_DIR;
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
}

/** Every place an OpenClaw (Clawdbot, Moltbot) install may keep its state, from the environment. */
export function openClawStateDirs(env: Environment, extra: readonly string[] = []): StateDirCandidate[] {
  const v = env.vars;
  const names = ['openclaw.json', 'clawdbot.json', 'moltbot.json'];
  const list: StateDirCandidate[] = [
    {
      label: 'openclaw',
      stateDir: v.OPENCLAW_STATE_DIR || join(env.home, '.openclaw'),
      configPath: v.OPENCLAW_CONFIG_PATH || null,
      configNames: names,
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

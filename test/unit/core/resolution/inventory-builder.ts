/**
 * Inventories for the resolution model's table tests: an install with a config and per-agent
 * stores, as discovery would hand them over (already parsed), without touching the disk.
 */
import type {
  AgentStore,
  EnvCredential,
  EnvFile,
  Inventory,
  OpenClawInstall,
  StoreGeneration,
} from '../../../../main/core/discovery/inventory.ts';
import type { AuthProfilesFile, AuthStateFile } from '../../../../main/core/formats/auth-profiles.ts';
import type { OpenClawConfig } from '../../../../main/core/formats/openclaw-config.ts';
import { Secret } from '../../../../main/core/kernel/secret.ts';

export const T = 1_900_000_000_000;
export const DAY = 86_400_000;

export function agent(
  id: string,
  store: AuthProfilesFile | null,
  state: AuthStateFile | null = null,
): AgentStore {
  const dir = `/h/.openclaw/agents/${id}/agent`;
  return {
    agentId: id,
    dir,
    dirStat: null,
    origin: 'json',
    profiles: store
      ? { status: 'ok', path: `${dir}/auth-profiles.json`, value: store, stat: null }
      : { status: 'missing', path: `${dir}/auth-profiles.json` },
    state: state
      ? { status: 'ok', path: `${dir}/auth-state.json`, value: state, stat: null }
      : { status: 'missing', path: `${dir}/auth-state.json` },
    retiredJson: { status: 'missing', path: `${dir}/auth-profiles.json` },
    sqlitePath: null,
    cli: null,
  };
}

export function install(
  opts: {
    version?: string | null;
    generation?: StoreGeneration;
    config?: OpenClawConfig | null;
    agents?: AgentStore[];
    label?: string;
    envFiles?: EnvFile[];
    configEnv?: EnvCredential[];
    leftover?: string;
  } = {},
): OpenClawInstall {
  const version = opts.version === undefined ? '2026.6.1' : opts.version;
  return {
    label: opts.label ?? 'openclaw',
    stateDir: '/h/.openclaw',
    stateDirStat: null,
    configPath: '/h/.openclaw/openclaw.json',
    config: opts.config
      ? { status: 'ok', path: '/h/.openclaw/openclaw.json', value: opts.config, stat: null }
      : { status: 'missing', path: '/h/.openclaw/openclaw.json' },
    generation: opts.generation ?? 'json',
    version,
    sharedDbPath: null,
    legacyOauth: { status: 'missing', path: '/h/.openclaw/credentials/oauth.json' },
    agents: opts.agents ?? [],
    readNotes: [],
    ...(opts.envFiles ? { envFiles: opts.envFiles } : {}),
    ...(opts.configEnv ? { configEnv: opts.configEnv } : {}),
    ...(opts.leftover ? { leftover: opts.leftover } : {}),
  };
}

export function inventory(
  installs: OpenClawInstall[],
  env: Record<string, string> = {},
  login?: string,
): Inventory {
  return {
    claude: login
      ? [
          {
            source: 'file',
            location: '/h/.claude/.credentials.json',
            primary: true,
            writable: true,
            read: {
              status: 'ok',
              path: '/h/.claude/.credentials.json',
              stat: null,
              value: {
                claudeAiOauth: {
                  accessToken: login,
                  refreshToken: `${login}-refresh`,
                  expiresAt: T + 8 * 3_600_000,
                  scopes: ['user:inference'],
                  subscriptionType: 'max',
                },
              },
            },
          },
        ]
      : [],
    duplicateKeychainItems: [],
    installs,
    env: Object.entries(env).map(([name, v]) => ({ name, value: new Secret(v) })),
    openclawBin: null,
    currentUid: null,
  };
}

export const tok = (seed: string): string => `sk-ant-oat01-${seed.padEnd(90, 'x')}`;
export const key = (seed: string): string => `sk-ant-api03-${seed.padEnd(90, 'x')}`;
export const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };

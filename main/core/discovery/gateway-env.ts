/**
 * What the gateway loads into its environment besides the one it is started with, and the
 * other state folders an install may use: read so the resolution model can say which Anthropic
 * variable the gateway falls back to. Reads only; only credential variables are kept, as secrets.
 */
import { join } from 'node:path';
import type { Environment } from '../../ports/environment.ts';
import type { Files } from '../../ports/files.ts';
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import { openClawHome, type StateDirCandidate } from '../kernel/paths.ts';
import { Secret } from '../kernel/secret.ts';
import type { EnvCredential, EnvFile } from './inventory.ts';

/** The variables a Claude credential can hide in (what the gateway reads, and what it never does). */
export const CREDENTIAL_VARS = [
  'CLAUDE_CODE_OAUTH_TOKEN',
  'ANTHROPIC_OAUTH_TOKEN',
  'ANTHROPIC_API_KEY',
] as const;

/**
 * The key variables of the other providers an agent's model may use (each release's provider
 * manifests: `openai` → OPENAI_API_KEY, `google` → GEMINI_API_KEY or GOOGLE_API_KEY). Only their
 * names are kept: enough to say whether the gateway has anything to send for that provider.
 */
export const PROVIDER_KEY_VARS: Readonly<Record<string, readonly string[]>> = {
  openai: ['OPENAI_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
};

/** The names of other providers' key variables set (non-empty) in `values`. */
export function providerKeysIn(values: ReadonlyMap<string, string> | Record<string, unknown>): string[] {
  const get = (n: string): unknown =>
    values instanceof Map ? values.get(n) : (values as Record<string, unknown>)[n];
  return Object.values(PROVIDER_KEY_VARS)
    .flat()
    .filter((name) => {
      const v = get(name);
      return typeof v === 'string' && v.trim() !== '';
    });
}

function pick(values: ReadonlyMap<string, string> | Record<string, unknown>): EnvCredential[] {
  const get = (n: string): unknown =>
    values instanceof Map ? values.get(n) : (values as Record<string, unknown>)[n];
  return CREDENTIAL_VARS.flatMap((name) => {
    const v = get(name);
    return typeof v === 'string' && v.trim() ? [{ name, value: new Secret(v.trim()) }] : [];
  });
}

async function readEnvFile(files: Files, path: string, kind: EnvFile['kind']): Promise<EnvFile | null> {
  const text = await files.readText(path).catch(() => null);
  if (text === null) return null;
  // the parser (and node:crypto, which `dotenv` loads) only when there is a file to parse
  const { parseDotenv } = await import('../formats/dotenv.ts');
  const parsed = parseDotenv(text);
  const vars = pick(parsed);
  const keys = providerKeysIn(parsed);
  return vars.length || keys.length ? { path, kind, vars, keys, stat: await files.stat(path) } : null;
}

/**
 * `<state>/.env` of every install, and `~/.config/openclaw/gateway.env`, which OpenClaw 2026.6+
 * loads unless `OPENCLAW_STATE_DIR` points elsewhere than `~/.openclaw` (the model applies the
 * release rule; discovery reads the file for the default install only).
 */
export async function gatewayEnvFiles(
  files: Files,
  env: Environment,
  c: StateDirCandidate,
): Promise<EnvFile[]> {
  const out = [await readEnvFile(files, join(c.stateDir, '.env'), 'state-env')];
  const home = openClawHome(env);
  if (c.label === 'openclaw' && c.stateDir === join(home, '.openclaw'))
    out.push(await readEnvFile(files, join(home, '.config', 'openclaw', 'gateway.env'), 'gateway-env'));
  return out.filter((f): f is EnvFile => f !== null);
}

/** The credential variables of openclaw.json's `env` block (`env.vars.X` or `env.X`). */
export function configEnvOf(config: OpenClawConfig | null): EnvCredential[] {
  return pick(configEnvBlock(config));
}

/** The other providers' key variables the config's `env` block sets (names only). */
export function configProviderKeysOf(config: OpenClawConfig | null): string[] {
  return providerKeysIn(configEnvBlock(config));
}

function configEnvBlock(config: OpenClawConfig | null): Record<string, unknown> {
  const block = config?.['env'];
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return {};
  const b = block as Record<string, unknown>;
  const vars =
    typeof b['vars'] === 'object' && b['vars'] !== null ? (b['vars'] as Record<string, unknown>) : {};
  // inline keys win over `vars` (OpenClaw applies them after)
  return {
    ...vars,
    ...Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'vars' && k !== 'shellEnv')),
  };
}

/**
 * State folders of named profiles (`openclaw --profile work` → `~/.openclaw-work`, `--dev` →
 * `~/.openclaw-dev`): a gateway service started with a profile keeps its state there.
 */
export async function profileStateDirs(files: Files, env: Environment): Promise<StateDirCandidate[]> {
  const home = openClawHome(env);
  const names = (await files.list(home)) ?? [];
  const out: StateDirCandidate[] = [];
  for (const name of names.sort()) {
    const m = /^\.openclaw-([A-Za-z0-9_-]+)$/.exec(name);
    if (!m || !(await files.stat(join(home, name)))?.isDirectory) continue;
    out.push({
      label: `openclaw-${m[1]}`,
      stateDir: join(home, name),
      configPath: null,
      configNames: ['openclaw.json', 'clawdbot.json'],
    });
  }
  return out;
}

import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic fake token with a real prefix and a realistic length. Never a real credential. */
export function fakeToken(
  prefix: 'sk-ant-oat01-' | 'sk-ant-ort01-' | 'sk-ant-api03-' | 'sk-ant-admin01-',
  seed: string,
  length = 95,
): string {
  let body = '';
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (i + 7), 2654435761) >>> 0;
    body += ALPHABET[h % ALPHABET.length];
  }
  return prefix + body + 'AA';
}

export const access = (seed: string) => fakeToken('sk-ant-oat01-', seed);
export const refresh = (seed: string) => fakeToken('sk-ant-ort01-', seed);
export const apiKey = (seed: string) => fakeToken('sk-ant-api03-', seed);

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function claudeCredentials(opts: {
  access: string;
  refresh: string;
  expiresAt: number;
  extra?: Record<string, unknown>;
}) {
  return {
    claudeAiOauth: {
      accessToken: opts.access,
      refreshToken: opts.refresh,
      expiresAt: opts.expiresAt,
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_20x',
    },
    mcpOAuth: {},
    ...opts.extra,
  };
}

/** A throwaway HOME on the real file system, with helpers to lay out Claude and OpenClaw stores. */
export class FixtureHome {
  private constructor(readonly home: string) {}

  static async create(): Promise<FixtureHome> {
    return new FixtureHome(await mkdtemp(join(tmpdir(), 'ck-home-')));
  }

  path(...parts: string[]): string {
    return join(this.home, ...parts);
  }

  async write(rel: string, content: string | object, mode = 0o600): Promise<string> {
    const p = rel.startsWith('/') ? rel : this.path(rel);
    await mkdir(dirname(p), { recursive: true, mode: 0o700 });
    await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode });
    await chmod(p, mode);
    return p;
  }

  claude(creds: object | string, mode = 0o600): Promise<string> {
    return this.write('.claude/.credentials.json', creds, mode);
  }

  config(cfg: object | string, state = '.openclaw', name = 'openclaw.json'): Promise<string> {
    return this.write(`${state}/${name}`, cfg);
  }

  profiles(agent: string, store: object | string, state = '.openclaw', mode = 0o600): Promise<string> {
    return this.write(`${state}/agents/${agent}/agent/auth-profiles.json`, store, mode);
  }

  /** Environment for a child process or for nodeEnvironment(): only this HOME, nothing of the real user. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      USER: 'tester',
      XDG_CONFIG_HOME: this.path('.config'),
      XDG_STATE_HOME: this.path('.local/state'),
      NO_COLOR: '1',
      // nothing talks to the internet: the liveness probe and the usage windows go to a closed
      // local port unless a test points them at its fake
      CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
      ...extra,
    };
  }

  async cleanup(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }
}

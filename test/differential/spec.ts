/**
 * The random part of the generator: an abstract home, the same for every release, drawn from one
 * seeded stream per (seed, home). `compile.ts` turns it into one release's commands. Probabilities
 * are rough guesses at how common each situation is among real users, tilted towards the cases a
 * resolution model must get right (orders, mismatches, expiry, environment).
 */
import { Rng } from './prng.ts';

export type ProfileKind = 'token' | 'oauth' | 'api_key';

export interface AgentSpec {
  readonly id: string;
  /** the agent's own model (`agents add --model`), or null to inherit the default */
  readonly model: string | null;
}

export interface ProfileSpec {
  readonly id: string;
  /** whose store holds it */
  readonly agent: string;
  readonly kind: ProfileKind;
  /** token table index of the secret (access token for OAuth) */
  readonly tok: number;
  /** OAuth: the refresh token's index */
  readonly refreshTok?: number;
  /** setup-token: the `--expires-in` given to paste-token (null: none) */
  readonly expiresIn: string | null;
  /** set when the stored expiry is then moved into the past by this much */
  readonly expiredAgoMs: number | null;
  /** OAuth: expiry relative to the build */
  readonly oauthExpiresInMs?: number;
  /** `command`: the release's paste command when it has one; `hand`: written into the file by a user */
  readonly via: 'command' | 'hand';
  /** how a hand-written entry is spelled */
  readonly shape: 'standard' | 'mode-field' | 'apiKey-field' | 'newline';
  /** a hand-written entry also gets its config profile (`config set auth.profiles.<id>`) */
  readonly configEntry: boolean;
}

export type UsageMark = 'cooldown' | 'disabled' | 'cooldown-past' | 'errors';

export interface HomeSpec {
  readonly seed: number;
  readonly home: number;
  /** `default`: no variable; `explicit`: the variable names the default folder; `custom`: another folder */
  readonly stateDir: 'default' | 'explicit' | 'custom';
  readonly defaultModel: string | null;
  readonly agents: readonly AgentSpec[];
  readonly profiles: readonly ProfileSpec[];
  readonly configOrder: readonly string[] | null;
  readonly storeOrder: { readonly agent: string; readonly ids: readonly string[] } | null;
  readonly modeMismatch: ReadonlyArray<{ readonly profileId: string; readonly mode: string }>;
  readonly configOnly: ReadonlyArray<{ readonly id: string; readonly mode: string }>;
  readonly usage: ReadonlyArray<{
    readonly agent: string;
    readonly profileId: string;
    readonly mark: UsageMark;
  }>;
  readonly lastGood: { readonly agent: string; readonly profileId: string } | null;
  /** variable → token index, in the process environment */
  readonly env: Readonly<Record<string, number>>;
  /** variable → token index, in the state folder's `.env` */
  readonly dotenv: Readonly<Record<string, number>> | null;
  readonly claudeLogin: {
    readonly tok: number;
    readonly refreshTok: number;
    readonly expiresInMs: number;
  } | null;
  readonly clawdbotLeftover: { readonly tok: number } | null;
  readonly oauthJson: {
    readonly tok: number;
    readonly refreshTok: number;
    readonly expiresInMs: number;
  } | null;
  /** SQLite releases: run `doctor --fix` after hand-written JSON profiles (else they stay unmigrated) */
  readonly migrate: boolean;
  /** the token table: kind of each fake secret */
  readonly tokenKinds: ReadonlyArray<'oat' | 'ort' | 'api'>;
}

const H = 3_600_000;
const D = 24 * H;

export const MODELS = {
  anthropic: ['anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-5'],
  other: ['openai/gpt-5.4', 'google/gemini-2.5-pro'],
} as const;

const AGENT_IDS = ['work', 'ops', 'research', 'family'];
const IDS: Record<ProfileKind, string[]> = {
  token: ['anthropic:manual', 'anthropic:default', 'anthropic:work', 'anthropic:backup'],
  oauth: ['anthropic:claude-cli', 'anthropic:default', 'anthropic:max'],
  api_key: ['anthropic:api', 'anthropic:console', 'anthropic:default'],
};

/** Draws one home. Everything random about it comes from `new Rng(seed, home)`. */
export function drawSpec(seed: number, home: number): HomeSpec {
  const rng = new Rng(seed, home);
  const tokenKinds: Array<'oat' | 'ort' | 'api'> = [];
  const tok = (k: 'oat' | 'ort' | 'api') => tokenKinds.push(k) - 1;

  const model = (): string =>
    rng.weighted<readonly string[]>([
      [MODELS.anthropic, 7],
      [MODELS.other, 3],
    ]) === MODELS.anthropic
      ? rng.pick(MODELS.anthropic)
      : rng.pick(MODELS.other);

  const nAgents = rng.weighted([
    [1, 40],
    [2, 30],
    [3, 20],
    [4, 10],
  ] as const);
  const agents: AgentSpec[] = [{ id: 'main', model: null }];
  for (const id of rng.sample(AGENT_IDS, nAgents - 1))
    agents.push({ id, model: rng.chance(0.5) ? model() : null });
  const defaultModel = rng.chance(0.75) ? model() : null;
  const agentOf = () => (rng.chance(0.7) || agents.length === 1 ? 'main' : rng.pick(agents.slice(1)).id);

  const nProfiles = rng.weighted([
    [0, 10],
    [1, 35],
    [2, 30],
    [3, 17],
    [4, 8],
  ] as const);
  const profiles: ProfileSpec[] = [];
  for (let i = 0; i < nProfiles; i++) {
    const kind = rng.weighted<ProfileKind>([
      ['token', 60],
      ['oauth', 20],
      ['api_key', 20],
    ]);
    const agent = agentOf();
    const free = IDS[kind].filter((id) => !profiles.some((p) => p.id === id && p.agent === agent));
    if (free.length === 0) continue;
    const id = rng.pick(free);
    const via = kind !== 'oauth' && rng.chance(0.75) ? 'command' : 'hand';
    const shape =
      via === 'hand'
        ? rng.weighted<ProfileSpec['shape']>([
            ['standard', 70],
            ['mode-field', 10],
            [kind === 'api_key' ? 'apiKey-field' : 'standard', 10],
            [kind === 'token' ? 'newline' : 'standard', 10],
          ])
        : 'standard';
    const base = { id, agent, kind, via, shape, configEntry: via === 'command' || rng.chance(0.6) } as const;
    if (kind === 'token') {
      const expired = rng.chance(0.15);
      profiles.push({
        ...base,
        tok: tok('oat'),
        expiresIn: expired
          ? '30d'
          : rng.weighted([
              ['365d', 35],
              ['90d', 10],
              ['30d', 10],
              ['3d', 5],
              ['20h', 8],
              [null, 17],
            ] as const),
        expiredAgoMs: expired ? rng.pick([H, 2 * D, 40 * D]) : null,
      });
    } else if (kind === 'oauth') {
      profiles.push({
        ...base,
        tok: tok('oat'),
        refreshTok: tok('ort'),
        expiresIn: null,
        expiredAgoMs: null,
        oauthExpiresInMs: rng.pick([8 * H, 8 * H, 2 * H, 30 * 60_000, -H, -3 * D]),
      });
    } else {
      profiles.push({ ...base, tok: tok('api'), expiresIn: null, expiredAgoMs: null });
    }
  }

  const ids = [...new Set(profiles.map((p) => p.id))];
  const configOrder = rng.chance(0.3)
    ? [
        ...rng.sample(ids, rng.int(1, Math.max(1, ids.length))),
        ...(rng.chance(0.15) ? ['anthropic:old'] : []),
      ]
    : null;
  const storeOrder =
    ids.length > 0 && rng.chance(0.15)
      ? { agent: agentOf(), ids: rng.sample(ids, rng.int(1, ids.length)) }
      : null;
  const modes = ['token', 'oauth', 'api_key'];
  const modeMismatch =
    profiles.length > 0 && rng.chance(0.12)
      ? [
          (() => {
            const p = rng.pick(profiles);
            return { profileId: p.id, mode: rng.pick(modes.filter((m) => m !== p.kind)) };
          })(),
        ]
      : [];
  const configOnly = rng.chance(0.08) ? [{ id: 'anthropic:ghost', mode: rng.pick(modes) }] : [];
  const usage = profiles
    .filter(() => rng.chance(0.12))
    .map((p) => ({
      agent: p.agent,
      profileId: p.id,
      mark: rng.pick<UsageMark>(['cooldown', 'disabled', 'cooldown-past', 'errors']),
    }));
  const lastGood =
    profiles.length > 1 && rng.chance(0.15)
      ? (() => {
          const p = rng.pick(profiles);
          return { agent: p.agent, profileId: p.id };
        })()
      : null;

  const env: Record<string, number> = {};
  if (rng.chance(0.1)) env.ANTHROPIC_API_KEY = tok('api');
  if (rng.chance(0.06)) env.ANTHROPIC_OAUTH_TOKEN = tok('oat');
  if (rng.chance(0.08)) env.CLAUDE_CODE_OAUTH_TOKEN = tok('oat');
  const dotenv = rng.chance(0.08)
    ? {
        [rng.pick(['ANTHROPIC_API_KEY', 'ANTHROPIC_OAUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'])]: 0,
      }
    : null;
  if (dotenv) for (const k of Object.keys(dotenv)) dotenv[k] = tok(k === 'ANTHROPIC_API_KEY' ? 'api' : 'oat');

  const claudeLogin = rng.chance(0.35)
    ? { tok: tok('oat'), refreshTok: tok('ort'), expiresInMs: rng.chance(0.8) ? 6 * H : -H }
    : null;

  return {
    seed,
    home,
    stateDir: rng.weighted([
      ['default', 40],
      ['explicit', 40],
      ['custom', 20],
    ] as const),
    defaultModel,
    agents,
    profiles,
    configOrder,
    storeOrder,
    modeMismatch,
    configOnly,
    usage,
    lastGood,
    env,
    dotenv,
    claudeLogin,
    clawdbotLeftover: rng.chance(0.08) ? { tok: tok('oat') } : null,
    oauthJson: rng.chance(0.06)
      ? { tok: tok('oat'), refreshTok: tok('ort'), expiresInMs: rng.pick([6 * H, -H]) }
      : null,
    migrate: rng.chance(0.85),
    tokenKinds,
  };
}

/** The home's fake secrets: realistic prefixes and lengths, never a real credential. */
export function drawTokens(spec: HomeSpec): string[] {
  const rng = new Rng(spec.seed ^ 0x5eed, spec.home);
  const prefix = { oat: 'sk-ant-oat01-', ort: 'sk-ant-ort01-', api: 'sk-ant-api03-' } as const;
  return spec.tokenKinds.map((k) => `${prefix[k]}${rng.chars(86)}DIFF${rng.chars(4)}AA`);
}

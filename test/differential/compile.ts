/**
 * One abstract home (spec.ts) as one release's recipe: its own commands wherever one can make the
 * state (`models set`, `agents add`, `models auth paste-token`/`paste-api-key`, `config set`,
 * `models auth order set`, `doctor --fix`), and hand-written files, in that release's format, for
 * what no command makes (OAuth copies, usage marks, expiries in the past, legacy files, `.env`).
 */
import { profileSteps } from './compile-profiles.ts';
import { at, type Recipe, type Step } from './recipe.ts';
import { isSqlite, type ReleaseCaps } from './releases.ts';
import { drawSpec, drawTokens, type HomeSpec } from './spec.ts';

const H = 3_600_000;
const tokRef = (n: number) => `{{tok:${n}}}`;

/** Where the state folder is, as the home's environment says (`{{home}}` is filled when run). */
function stateEnv(spec: HomeSpec, c: ReleaseCaps): Record<string, string> {
  const r = c.release;
  if (spec.stateDir === 'default') return {};
  const dir = spec.stateDir === 'explicit' ? `{{home}}/${r.state}` : '{{home}}/srv/claw-state';
  return { [r.stateEnv]: dir };
}

const USAGE: Record<string, Record<string, unknown>> = {
  cooldown: { cooldownUntil: at(H), cooldownReason: 'rate_limit', errorCount: 1, lastFailureAt: at(-60_000) },
  disabled: {
    disabledUntil: at(5 * H),
    disabledReason: 'auth_permanent',
    errorCount: 2,
    failureCounts: { auth_permanent: 2 },
    lastFailureAt: at(-60_000),
  },
  'cooldown-past': { cooldownUntil: at(-H), cooldownReason: 'rate_limit', errorCount: 1 },
  errors: { errorCount: 3, failureCounts: { rate_limit: 3 }, lastFailureAt: at(-10 * 60_000) },
};

/** The recipe of home `home` of run `seed` for one release. */
export function compile(spec: HomeSpec, c: ReleaseCaps): Recipe {
  const r = c.release;
  const steps: Step[] = [];
  const env: Record<string, string> = { ...stateEnv(spec, c) };
  for (const [k, n] of Object.entries(spec.env)) env[k] = tokRef(n);

  if (spec.clawdbotLeftover && r.cli !== 'clawdbot') {
    steps.push({
      do: 'file',
      path: '.clawdbot/clawdbot.json',
      json: { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } },
      why: 'a leftover Clawdbot state folder',
    });
    steps.push({
      do: 'file',
      path: '.clawdbot/agents/main/agent/auth-profiles.json',
      json: {
        version: 1,
        profiles: {
          'anthropic:default': {
            type: 'token',
            provider: 'anthropic',
            token: tokRef(spec.clawdbotLeftover.tok),
          },
        },
      },
      why: 'the leftover Clawdbot store',
    });
  }
  if (spec.claudeLogin) {
    const l = spec.claudeLogin;
    steps.push({
      do: 'file',
      path: '.claude/.credentials.json',
      json: {
        claudeAiOauth: {
          accessToken: tokRef(l.tok),
          refreshToken: tokRef(l.refreshTok),
          expiresAt: at(l.expiresInMs),
          scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
          subscriptionType: 'max',
        },
      },
      why: 'a Claude Code login',
    });
  }
  if (spec.dotenv) {
    const text = Object.entries(spec.dotenv)
      .map(([k, n]) => `${k}=${tokRef(n)}\n`)
      .join('');
    steps.push({ do: 'file', path: '$STATE/.env', text, why: 'a .env file in the state folder' });
  }
  if (spec.defaultModel)
    steps.push({ do: 'cli', argv: ['models', 'set', spec.defaultModel], why: 'default model' });
  for (const a of spec.agents.slice(1))
    steps.push({
      do: 'cli',
      argv: [
        'agents',
        'add',
        a.id,
        '--workspace',
        `{{home}}/ws-${a.id}`,
        '--non-interactive',
        ...(a.model ? ['--model', a.model] : []),
      ],
      why: `agent ${a.id}`,
    });
  for (const p of spec.profiles) steps.push(...profileSteps(p, spec, c));
  if (isSqlite(r) && spec.migrate && steps.some((s) => s.do === 'profile' && s.into === 'legacy'))
    steps.push({
      do: 'cli',
      argv: ['doctor', '--fix', '--non-interactive'],
      why: "the release's own migration",
    });
  if (spec.configOrder)
    steps.push({
      do: 'cli',
      argv: ['config', 'set', 'auth.order.anthropic', JSON.stringify(spec.configOrder), c.configJsonFlag],
      why: 'auth order in the config',
    });
  for (const m of spec.modeMismatch)
    steps.push({
      do: 'cli',
      argv: [
        'config',
        'set',
        `auth.profiles.${m.profileId}`,
        JSON.stringify({ provider: 'anthropic', mode: m.mode }),
        c.configJsonFlag,
      ],
      why: `config mode ${m.mode} for ${m.profileId}`,
    });
  for (const g of spec.configOnly)
    steps.push({
      do: 'cli',
      argv: [
        'config',
        'set',
        `auth.profiles.${g.id}`,
        JSON.stringify({ provider: 'anthropic', mode: g.mode }),
        c.configJsonFlag,
      ],
      why: `config profile ${g.id} with nothing stored`,
    });
  if (spec.storeOrder)
    steps.push({
      do: 'cli',
      argv: [
        'models',
        'auth',
        'order',
        'set',
        '--provider',
        'anthropic',
        ...(spec.agents.length > 1 || spec.storeOrder.agent !== 'main'
          ? ['--agent', spec.storeOrder.agent]
          : []),
        ...spec.storeOrder.ids,
      ],
      why: `per-agent order for ${spec.storeOrder.agent}`,
    });
  const byAgent = new Map<
    string,
    { usage: Record<string, Record<string, unknown>>; lastGood?: Record<string, string> }
  >();
  const entry = (a: string) => byAgent.get(a) ?? byAgent.set(a, { usage: {} }).get(a)!;
  for (const u of spec.usage) entry(u.agent).usage[u.profileId] = { lastUsed: at(-2 * H), ...USAGE[u.mark] };
  if (spec.lastGood) entry(spec.lastGood.agent).lastGood = { anthropic: spec.lastGood.profileId };
  for (const [agent, s] of byAgent)
    steps.push({
      do: 'state',
      agent,
      ...(Object.keys(s.usage).length ? { usageStats: s.usage } : {}),
      ...(s.lastGood ? { lastGood: s.lastGood } : {}),
      why: 'usage marks / last good',
    });
  if (spec.oauthJson && !isSqlite(r)) {
    const o = spec.oauthJson;
    steps.push({
      do: 'file',
      path: '$STATE/credentials/oauth.json',
      json: {
        anthropic: { access: tokRef(o.tok), refresh: tokRef(o.refreshTok), expires: at(o.expiresInMs) },
      },
      why: 'a legacy credentials/oauth.json',
    });
  }
  return {
    seed: spec.seed,
    home: spec.home,
    release: r.version,
    agents: spec.agents.map((a) => a.id),
    env,
    steps,
    tokens: drawTokens(spec),
    summary: summarize(spec),
  };
}

/** A short description of the home, for reports. */
export function summarize(s: HomeSpec): string {
  const parts = [
    `${s.agents.length} agent(s)`,
    `model ${s.defaultModel ?? 'unset'}`,
    ...s.agents
      .slice(1)
      .filter((a) => a.model)
      .map((a) => `${a.id}:${a.model}`),
    ...s.profiles.map(
      (p) =>
        `${p.agent}/${p.id}=${p.kind}${p.expiredAgoMs !== null ? '(expired)' : ''}${p.via === 'hand' ? '(hand)' : ''}`,
    ),
    ...(s.configOrder ? [`order ${s.configOrder.join('>')}`] : []),
    ...s.modeMismatch.map((m) => `mode ${m.profileId}=${m.mode}`),
    ...Object.keys(s.env).map((k) => `env ${k}`),
    ...(s.dotenv ? Object.keys(s.dotenv).map((k) => `.env ${k}`) : []),
    ...(s.claudeLogin ? ['claude login'] : []),
    ...(s.clawdbotLeftover ? ['~/.clawdbot'] : []),
    ...s.usage.map((u) => `${u.mark} ${u.profileId}`),
  ];
  return parts.join(', ');
}

/** Convenience: the recipe of (seed, home) for a release. */
export const recipeFor = (seed: number, home: number, c: ReleaseCaps): Recipe =>
  compile(drawSpec(seed, home), c);

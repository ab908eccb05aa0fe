/**
 * The steps that put one profile of an abstract home in place on one release: its paste command
 * where it has one, else the entry written by hand in that release's format (and its config entry).
 */
import { at, type Step } from './recipe.ts';
import { isSqlite, type ReleaseCaps } from './releases.ts';
import type { HomeSpec, ProfileSpec } from './spec.ts';

const H = 3_600_000;
const tokRef = (n: number) => `{{tok:${n}}}`;

/** argv of an auth command aimed at one agent, the way that release takes it. */
function authArgv(c: ReleaseCaps, spec: HomeSpec, agent: string, sub: string[]): string[] {
  const named = agent !== 'main' || spec.agents.length > 1;
  if (!named || c.authAgent === 'none') return ['models', 'auth', ...sub];
  if (c.authAgent === 'own') return ['models', 'auth', ...sub, '--agent', agent];
  return ['models', '--agent', agent, 'auth', ...sub];
}

/** The stored entry of a profile written by hand, spelled the way the spec says. */
function storedEntry(p: ProfileSpec, spec: HomeSpec): Record<string, unknown> {
  const kindField = p.shape === 'mode-field' ? { mode: p.kind } : { type: p.kind };
  if (p.kind === 'api_key') {
    return p.shape === 'apiKey-field'
      ? { ...kindField, provider: 'anthropic', apiKey: tokRef(p.tok) }
      : { ...kindField, provider: 'anthropic', key: tokRef(p.tok) };
  }
  if (p.kind === 'oauth') {
    const copy = p.id === 'anthropic:claude-cli' && spec.claudeLogin;
    const access = copy ? spec.claudeLogin.tok : p.tok;
    const refresh = copy ? spec.claudeLogin.refreshTok : (p.refreshTok ?? p.tok);
    return {
      ...kindField,
      provider: 'anthropic',
      access: tokRef(access),
      refresh: tokRef(refresh),
      expires: at(p.oauthExpiresInMs ?? 8 * H),
    };
  }
  const token = p.shape === 'newline' ? `${tokRef(p.tok)}\n` : tokRef(p.tok);
  const days = p.expiresIn ? parseDuration(p.expiresIn) : null;
  return { ...kindField, provider: 'anthropic', token, ...(days !== null ? { expires: at(days) } : {}) };
}

/** `365d` / `20h` in ms (the units the generator uses). */
function parseDuration(s: string): number {
  const m = /^(\d+)([dh])$/.exec(s);
  if (!m) throw new Error(`duration ${s}`);
  return Number(m[1]) * (m[2] === 'd' ? 24 * H : H);
}

/** The steps that put one profile in place. */
export function profileSteps(p: ProfileSpec, spec: HomeSpec, c: ReleaseCaps): Step[] {
  const steps: Step[] = [];
  const idArgs = ['--provider', 'anthropic', '--profile-id', p.id];
  if (p.via === 'command' && p.kind === 'token' && c.pasteToken === 'stdin') {
    const exp = p.expiresIn ? ['--expires-in', p.expiresIn] : [];
    steps.push({
      do: 'cli',
      argv: authArgv(c, spec, p.agent, ['paste-token', ...idArgs, ...exp]),
      stdin: tokRef(p.tok),
      why: `setup-token ${p.id} for ${p.agent}`,
    });
  } else if (p.via === 'command' && p.kind === 'api_key' && c.pasteApiKey) {
    steps.push({
      do: 'cli',
      argv: authArgv(c, spec, p.agent, ['paste-api-key', ...idArgs]),
      stdin: tokRef(p.tok),
      why: `API key ${p.id} for ${p.agent}`,
    });
  } else {
    // no command can make it non-interactively on this release: the file, in its format
    steps.push({
      do: 'profile',
      agent: p.agent,
      profileId: p.id,
      set: storedEntry(p, spec),
      ...(isSqlite(c.release) ? { into: 'legacy' as const } : {}),
      why: `${p.kind} ${p.id} for ${p.agent}, written by hand`,
    });
    if (p.configEntry)
      steps.push({
        do: 'cli',
        argv: [
          'config',
          'set',
          `auth.profiles.${p.id}`,
          JSON.stringify({ provider: 'anthropic', mode: p.kind }),
          c.configJsonFlag,
        ],
        why: `config profile for ${p.id}`,
      });
    return steps;
  }
  if (p.expiredAgoMs !== null)
    steps.push({
      do: 'profile',
      agent: p.agent,
      profileId: p.id,
      set: { expires: at(-p.expiredAgoMs) },
      why: `${p.id} expired ${Math.round(p.expiredAgoMs / H)} h ago`,
    });
  return steps;
}

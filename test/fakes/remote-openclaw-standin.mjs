#!/usr/bin/env node
// Stand-in for a remote host's `openclaw` (2026.6.1 behaviour, JSON stores): `models status --json
// [--agent A]`, `models auth paste-token` (token on stdin), `secrets reload`, `doctor`. Every argv
// is appended to $HOME/openclaw-argv.log so tests can assert no token ever went into it.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const home = process.env.HOME;
const state = process.env.OPENCLAW_STATE_DIR || join(home, '.openclaw');
appendFileSync(join(home, 'openclaw-argv.log'), JSON.stringify(args) + '\n');
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const storeOf = (agent) => join(state, 'agents', agent, 'agent', 'auth-profiles.json');
const read = (p) => {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
};

if (args[0] === '--version') console.log('2026.6.1');
else if (args[0] === 'models' && args[1] === 'status') {
  const agent = opt('--agent') ?? 'main';
  const store = read(storeOf(agent));
  const now = Date.now();
  const profiles = Object.entries(store?.profiles ?? {}).map(([profileId, p]) => {
    const expiresAt = typeof p.expires === 'number' ? p.expires : null;
    const status =
      expiresAt === null
        ? p.type === 'oauth'
          ? 'ok'
          : 'static'
        : expiresAt <= now
          ? 'expired'
          : expiresAt - now < 86_400_000
            ? 'expiring'
            : 'ok';
    return {
      profileId,
      provider: p.provider,
      type: p.type,
      status,
      expiresAt,
      remainingMs: expiresAt ? expiresAt - now : null,
      source: 'store',
    };
  });
  // as 2026.6.1: the resolved model and, per provider, the profiles the gateway would use
  const config = read(join(state, 'openclaw.json')) ?? {};
  const model = config.agents?.defaults?.model?.primary ?? 'openai/gpt-5.5';
  const usable = profiles.filter((p) => p.status !== 'expired');
  const anthropic = profiles.filter((p) => p.provider === 'anthropic');
  const providers = anthropic.length
    ? [
        {
          provider: 'anthropic',
          profiles: anthropic,
          effectiveProfiles: usable.filter((p) => p.provider === 'anthropic'),
        },
      ]
    : [];
  const inUse = model.split('/')[0];
  const missing = providers.some((p) => p.provider === inUse && p.effectiveProfiles.length) ? [] : [inUse];
  console.log(
    JSON.stringify(
      {
        agentDir: join(state, 'agents', agent, 'agent'),
        defaultModel: model,
        resolvedDefault: model,
        auth: { missingProvidersInUse: missing, oauth: { profiles, providers } },
      },
      null,
      2,
    ),
  );
  process.exitCode = profiles.some((p) => p.status === 'expired') ? 1 : 0;
} else if (args[0] === 'models' && args[1] === 'auth' && args[2] === 'paste-token') {
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => {
    const agent = opt('--agent') ?? 'main';
    const p = storeOf(agent);
    const store = read(p) ?? { version: 1, profiles: {} };
    const days = /^(\d+)d$/.exec(opt('--expires-in') ?? '');
    store.profiles[opt('--profile-id') ?? 'anthropic:manual'] = {
      type: 'token',
      provider: 'anthropic',
      token: input.trim(),
      ...(days ? { expires: Date.now() + Number(days[1]) * 86_400_000 } : {}),
    };
    mkdirSync(join(state, 'agents', agent, 'agent'), { recursive: true });
    writeFileSync(p, JSON.stringify(store, null, 2), { mode: 0o600 });
    console.log(`Saved token to ${opt('--profile-id') ?? 'anthropic:manual'}`);
  });
} else if (args[0] === 'secrets' && args[1] === '--help') console.log('Usage: openclaw secrets reload');
else if (args[0] === 'secrets' && args[1] === 'reload') {
  writeFileSync(join(home, 'reloaded'), String(Date.now()));
  console.log('Secrets reloaded');
} else if (args[0] === 'doctor')
  console.log(args.includes('--fix') ? 'Doctor: nothing to fix' : 'Doctor: no issues found');
else {
  console.error(`openclaw stand-in: unknown command ${args.join(' ')}`);
  process.exitCode = 2;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pasteProfileFor } from '../../../../main/core/resolution/paste-target.ts';
import { remotePasteProfile } from '../../../../main/core/hosts/host-routes.ts';
import type { HostedCredential, HostedRoute } from '../../../../main/core/hosts/host-report.ts';
import { agent, DAY, install, inventory, key, MODEL, T, tok } from './inventory-builder.ts';

const token = (seed: string, expires?: number) => ({
  type: 'token',
  provider: 'anthropic',
  token: tok(seed),
  ...(expires !== undefined ? { expires } : {}),
});

describe('where a pasted setup-token lands (the slot the gateway will send first)', () => {
  const choose = (config: object, store: object, who = 'main') => {
    const i = install({ config: { ...MODEL, ...config }, agents: [agent('main', store as never)] });
    return pasteProfileFor(inventory([i]), i, who, T);
  };

  it('a fresh install: anthropic:manual, sent first', () => {
    assert.deepEqual(choose({}, { profiles: {} }), { profileId: 'anthropic:manual', first: true });
  });

  it('the config lists only anthropic:work: the token goes there (anthropic:manual would never be sent)', () => {
    const cfg = { auth: { profiles: { 'anthropic:work': { provider: 'anthropic', mode: 'token' } } } };
    assert.deepEqual(choose(cfg, { profiles: {} }), { profileId: 'anthropic:work', first: true });
  });

  it('an explicit order naming an expired token first: it is replaced in place', () => {
    const store = {
      profiles: {
        'anthropic:old': token('o', T - DAY),
        'anthropic:key': { type: 'api_key', provider: 'anthropic', key: key('k') },
      },
      order: { anthropic: ['anthropic:old', 'anthropic:key'] },
    };
    assert.deepEqual(choose({}, store), { profileId: 'anthropic:old', first: true });
  });

  it('never over an API key or a login: an order of only those still gets its own slot, said not first', () => {
    const store = {
      profiles: { 'anthropic:key': { type: 'api_key', provider: 'anthropic', key: key('k') } },
      order: { anthropic: ['anthropic:key'] },
    };
    assert.deepEqual(choose({}, store), { profileId: 'anthropic:manual', first: false });
  });

  it('a config mode mismatch on the slot is part of the paste (its mode is set to token)', () => {
    const cfg = { auth: { profiles: { 'anthropic:work': { provider: 'anthropic', mode: 'oauth' } } } };
    const store = { profiles: { 'anthropic:work': token('w', T - DAY) } };
    assert.deepEqual(choose(cfg, store), { profileId: 'anthropic:work', first: true });
  });
});

describe('a paste through a remote openclaw', () => {
  const cred = (id: string, kind: 'token' | 'api_key' | 'oauth') =>
    ({ id, kind }) as unknown as HostedCredential;
  const route = (over: Partial<HostedRoute>): HostedRoute => ({
    host: 'vps',
    install: 'openclaw',
    agent: 'main',
    release: '2026.6.1',
    model: 'anthropic/claude-sonnet-4-5',
    provider: 'anthropic',
    claude: true,
    sends: null,
    fallbacks: [],
    skipped: [],
    subscription: 'absent',
    ...over,
  });
  const step = (pid: string) => ({
    kind: 'profile' as const,
    profileId: pid,
    variable: null,
    credential: `openclaw:main/${pid}`,
    fingerprint: null,
  });

  it('replaces the token OpenClaw sends first, not an API key before it', () => {
    const r = route({ sends: step('anthropic:key'), fallbacks: [step('anthropic:setup')] });
    const creds = [
      cred('openclaw:main/anthropic:key', 'api_key'),
      cred('openclaw:main/anthropic:setup', 'token'),
    ];
    assert.equal(remotePasteProfile([r], creds, 'main'), 'anthropic:setup');
  });

  it('else a token OpenClaw skips (expired), else anthropic:manual', () => {
    const skipped = route({
      skipped: [{ credential: 'openclaw:main/anthropic:old', profileId: 'anthropic:old', why: 'x' }],
    });
    assert.equal(
      remotePasteProfile([skipped], [cred('openclaw:main/anthropic:old', 'token')], 'main'),
      'anthropic:old',
    );
    assert.equal(remotePasteProfile([route({})], [], 'main'), 'anthropic:manual');
  });
});

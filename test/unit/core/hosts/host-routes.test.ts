import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeFromOpenclaw, routesFromReport, withSent } from '../../../../main/core/hosts/host-routes.ts';
import type { HostedCredential } from '../../../../main/core/hosts/host-report.ts';

/** A `models status --json --agent main` document in 2026.6.1's shape. */
const doc = (o: {
  model?: string;
  effective: Array<[string, string]>;
  listed?: Array<[string, string]>;
  missing?: string[];
  env?: string;
}) => ({
  resolvedDefault: o.model ?? 'anthropic/claude-sonnet-4-5',
  auth: {
    missingProvidersInUse: o.missing ?? [],
    providers: [
      { provider: 'anthropic', ...(o.env ? { env: { source: `env: ${o.env}`, value: 'OAuth (env)' } } : {}) },
    ],
    oauth: {
      providers: [
        {
          provider: 'anthropic',
          profiles: (o.listed ?? o.effective).map(([profileId, status]) => ({ profileId, status })),
          effectiveProfiles: o.effective.map(([profileId, status]) => ({ profileId, status })),
        },
      ],
    },
  },
});

describe("a remote OpenClaw's route, from its own models status", () => {
  it('sends its effective profiles in order', () => {
    const r = routeFromOpenclaw(
      'vps',
      'main',
      doc({
        effective: [
          ['anthropic:a', 'ok'],
          ['anthropic:b', 'static'],
        ],
      }),
      '2026.6.1',
    );
    assert.deepEqual(
      [r?.sends?.profileId, r?.fallbacks.map((f) => f.profileId)],
      ['anthropic:a', ['anthropic:b']],
    );
    assert.equal(r?.sends?.credential, 'openclaw:main/anthropic:a');
  });

  it('with the provider missing it sends nothing, though effectiveProfiles lists every profile', () => {
    const r = routeFromOpenclaw(
      'vps',
      'main',
      doc({ effective: [['anthropic:default', 'ok']], missing: ['anthropic'] }),
      '2026.6.1',
    );
    assert.equal(r?.sends, null);
    assert.deepEqual(
      r?.skipped.map((k) => k.profileId),
      ['anthropic:default'],
    );
  });

  it('with every profile expired and a variable set, it sends the variable', () => {
    const r = routeFromOpenclaw(
      'vps',
      'main',
      doc({ effective: [['anthropic:old', 'expired']], env: 'ANTHROPIC_OAUTH_TOKEN' }),
      '2026.6.1',
    );
    assert.deepEqual([r?.sends?.kind, r?.sends?.variable], ['env', 'ANTHROPIC_OAUTH_TOKEN']);
  });

  it('an OpenAI model uses no Claude credential: those are unused', () => {
    const r = routeFromOpenclaw('vps', 'main', doc({ model: 'openai/gpt-5.5', effective: [] }), '2026.6.1');
    assert.equal(r?.claude, false);
    const creds = withSent(
      [{ id: 'openclaw:main/anthropic:a', state: 'ok' } as unknown as HostedCredential],
      [r],
    );
    assert.equal(creds[0]?.sent, 'unused');
  });

  it('an older OpenClaw without per-provider status gives no route (its credentials decide, as before)', () => {
    assert.equal(routeFromOpenclaw('vps', 'main', { auth: { oauth: { profiles: [] } } }, null), null);
  });

  it("a remote clawkeeper's routes pass through, tagged with the host, masked", () => {
    const routes = routesFromReport('vps', {
      routes: [
        {
          install: 'openclaw',
          agent: 'main',
          release: '2026.9.6',
          model: 'anthropic/claude-sonnet-4-5',
          provider: 'anthropic',
          claude: true,
          sends: {
            kind: 'env',
            profileId: null,
            variable: 'ANTHROPIC_API_KEY',
            credential: 'env:ANTHROPIC_API_KEY',
            fingerprint: 'sha256:0123456789ab',
          },
          fallbacks: [],
          skipped: [
            { credential: null, profileId: 'anthropic:x', why: `leaked sk-ant-oat01-${'A'.repeat(80)}` },
          ],
          subscription: 'not-sent',
        },
      ],
    });
    assert.equal(routes[0]?.host, 'vps');
    assert.equal(routes[0]?.sends?.variable, 'ANTHROPIC_API_KEY');
    assert.ok(!routes[0]?.skipped[0]?.why.includes('A'.repeat(40)), 'a token in a remote string is masked');
  });
});

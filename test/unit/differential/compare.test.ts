import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compare, releaseExit } from '../../differential/compare.ts';
import type { KeeperView } from '../../differential/keeper-view.ts';
import { classify, parseDeliberate } from '../../differential/known.ts';
import { releaseAgentView } from '../../differential/oracle/release-view.ts';
import { answerDifference } from '../../differential/oracle/verify.ts';

/** A `models status --json` answer in the releases' own shape (test/interop/FINDINGS.md §2.2). */
function status(opts: {
  model?: string;
  profiles?: Array<[string, string, string]>;
  order?: string[];
  missing?: string[];
  unusable?: Array<[string, string]>;
}) {
  const profiles = (opts.profiles ?? []).map(([profileId, type, status]) => ({
    profileId,
    provider: 'anthropic',
    type,
    status,
  }));
  return JSON.stringify({
    configPath: '/h/.openclaw/openclaw.json',
    resolvedDefault: opts.model ?? 'anthropic/claude-sonnet-4-5',
    auth: {
      missingProvidersInUse: opts.missing ?? [],
      providers: [{ provider: 'anthropic', effective: { kind: 'profiles', detail: '/h/store' } }],
      unusableProfiles: (opts.unusable ?? []).map(([profileId, kind]) => ({ profileId, kind })),
      oauth: {
        profiles,
        providers: [
          {
            provider: 'anthropic',
            effectiveProfiles: (opts.order ?? profiles.map((p) => p.profileId)).map((profileId) => ({
              profileId,
            })),
          },
        ],
      },
    },
  });
}

function keeper(
  exit: number,
  credentials: Array<Partial<KeeperView['credentials'][number]>>,
  routes: KeeperView['routes'] = null,
): KeeperView {
  return {
    exit,
    crash: null,
    worst: null,
    credentials: credentials.map((c) => ({
      id: `openclaw:main/${c.profileId}`,
      install: 'openclaw',
      agent: 'main',
      profileId: null,
      provider: 'anthropic',
      kind: 'token',
      state: 'ok',
      ...c,
    })),
    findings: [],
    installs: [{ label: 'openclaw', stateDir: '/h/.openclaw', generation: 'json', version: '2026.6.1' }],
    routes,
  };
}

describe('the differential comparison', () => {
  it('takes the worst agent as the release exit code: any 1, else any 2, else 0', () => {
    const v = (exit: number) => releaseAgentView('a', exit, status({}), '', true);
    assert.equal(releaseExit([v(0), v(2)]), 2);
    assert.equal(releaseExit([v(2), v(1), v(0)]), 1);
    assert.equal(releaseExit([v(0)]), 0);
  });

  it("names an exit disagreement by both sides' reasons, never by paths or tokens", () => {
    const views = [
      releaseAgentView('main', 1, status({ model: 'openai/gpt-5.4', missing: ['openai'] }), '', true),
    ];
    const d = compare(views, keeper(0, []));
    assert.deepEqual(
      d.map((x) => x.kind),
      ['exit:0-vs-1/rel-missing-openai/ck-ok'],
    );
  });

  it('calls an expired token that Clawkeeper calls ok a state disagreement of its type', () => {
    const views = [
      releaseAgentView('main', 1, status({ profiles: [['anthropic:manual', 'token', 'expired']] }), '', true),
    ];
    const d = compare(views, keeper(0, [{ profileId: 'anthropic:manual', state: 'ok' }]));
    assert.deepEqual(d.map((x) => x.kind).sort(), [
      'exit:0-vs-1/rel-expired-token/ck-ok',
      'state:ok-vs-expired/token',
    ]);
  });

  it('agrees when both say the same: static is ok, an agent reading the main store is not counted twice', () => {
    const answer = status({ profiles: [['anthropic:manual', 'token', 'static']] });
    const views = [
      releaseAgentView('main', 0, answer, '', true),
      releaseAgentView('work', 0, answer, '', true),
    ];
    assert.deepEqual(compare(views, keeper(0, [{ profileId: 'anthropic:manual', state: 'ok' }])), []);
  });

  it('derives what the release sends first: the first usable profile of its order, nothing when missing', () => {
    const v = releaseAgentView(
      'main',
      0,
      status({
        profiles: [
          ['anthropic:a', 'token', 'expired'],
          ['anthropic:b', 'token', 'ok'],
          ['anthropic:c', 'api_key', 'static'],
        ],
        order: ['anthropic:a', 'anthropic:b', 'anthropic:c'],
        unusable: [['anthropic:b', 'cooldown']],
      }),
      '',
      true,
    );
    assert.deepEqual(v.sends, { kind: 'profile', profileId: 'anthropic:c' });
    const m = releaseAgentView('main', 1, status({ missing: ['anthropic'] }), '', true);
    assert.equal(m.sends, null);
  });

  it('compares routes when Clawkeeper has them: another first profile is its own kind', () => {
    const v = releaseAgentView(
      'main',
      0,
      status({
        profiles: [
          ['anthropic:a', 'token', 'ok'],
          ['anthropic:b', 'api_key', 'static'],
        ],
        order: ['anthropic:a', 'anthropic:b'],
      }),
      '',
      true,
    );
    const step = (profileId: string) => ({
      kind: 'profile' as const,
      profileId,
      variable: null,
      credential: null,
      fingerprint: null,
    });
    const route = {
      install: 'openclaw',
      agent: 'main',
      release: '2026.6.1',
      model: 'anthropic/claude-sonnet-4-5',
      provider: 'anthropic',
      claude: true,
      skipped: [],
      subscription: 'absent' as const,
    };
    const agree = keeper(
      0,
      [{ profileId: 'anthropic:a' }, { profileId: 'anthropic:b' }],
      [{ ...route, sends: step('anthropic:a'), fallbacks: [step('anthropic:b')] }],
    );
    assert.deepEqual(compare([v], agree), []);
    const other = keeper(
      0,
      [{ profileId: 'anthropic:a' }, { profileId: 'anthropic:b' }],
      [{ ...route, sends: step('anthropic:b'), fallbacks: [] }],
    );
    assert.deepEqual(
      compare([v], other).map((x) => x.kind),
      ['sends:other-profile/rel-token-ok/ck-api_key-static'],
    );
  });

  it('reports a Clawkeeper crash as one kind and compares nothing else', () => {
    const v = releaseAgentView('main', 1, status({ missing: ['anthropic'] }), '', true);
    const d = compare([v], { ...keeper(70, []), crash: 'exit 70: unexpected error (ELOOP) at /tmp/x/1' });
    assert.equal(d.length, 1);
    assert.match(d[0]!.kind, /^crash:exit N: unexpected error \(ELOOP\) at <path>/);
  });

  it('keeps the release error message without paths or numbers, so one cause is one kind', () => {
    const out = JSON.stringify({
      ok: false,
      error: {
        type: 'cli_error',
        message:
          'Auth profile store /tmp/h1/.openclaw/agents/main/agent/openclaw-agent.sqlite requires legacy credential migration; run openclaw doctor --fix.',
      },
    });
    const v = releaseAgentView('main', 1, out, '', true);
    assert.equal(
      v.error,
      'Auth profile store <path> requires legacy credential migration; run openclaw doctor --fix.',
    );
    assert.deepEqual(
      compare([v], keeper(0, [])).map((x) => x.kind),
      ['exit:0-vs-1/rel-error-migration-required/ck-ok'],
    );
  });
});

describe('deliberate differences and the baseline', () => {
  const md = `# x\n\n## Differential testing: deliberate differences\n\n- \`state:ok-vs-expiring/oauth\` (releases: 2026.6.1, 2026.9.6): Clawkeeper does not warn about a login its owner renews.\n- \`exit:2-vs-0/*\`: reason two\nnot a bullet\n\n## Next section\n- \`exit:1-vs-0/*\`: not in the section\n`;

  it('reads one entry per bullet of its own section, with the releases it names', () => {
    const list = parseDeliberate(md);
    assert.equal(list.length, 2);
    assert.deepEqual(list[0]?.releases, ['2026.6.1', '2026.9.6']);
    assert.equal(list[1]?.releases, null);
  });

  it('files a kind as deliberate, known (baseline) or new', () => {
    const list = parseDeliberate(md);
    const baseline = { '2026.6.1': ['exit:1-vs-0/rel-ok/ck-x'] };
    assert.equal(classify('state:ok-vs-expiring/oauth', '2026.6.1', list, baseline), 'deliberate');
    assert.equal(classify('state:ok-vs-expiring/oauth', '2026.3.13', list, baseline), 'new');
    assert.equal(classify('exit:2-vs-0/rel-ok/ck-expiring-token', '2026.3.13', list, baseline), 'deliberate');
    assert.equal(classify('exit:1-vs-0/rel-ok/ck-x', '2026.6.1', list, baseline), 'known');
    assert.equal(classify('exit:1-vs-0/rel-ok/ck-x', '2026.9.6', list, baseline), 'new');
  });

  it('proves an in-process answer equal to the process answer except for the fields that move by the second', () => {
    const a = {
      code: 0,
      stdout: '{"auth":{"x":1,"remainingMs":5,"expiresAt":9},"configPath":"/h1/c"}',
      stderr: '',
      ms: 1,
    };
    const b = {
      code: 0,
      stdout: '{"auth":{"x":1,"remainingMs":7,"expiresAt":9},"configPath":"/h1/c"}',
      stderr: '',
      ms: 1,
    };
    assert.equal(answerDifference(a, b, ['/h1']), null);
    assert.match(answerDifference(a, { ...b, code: 1 }, ['/h1']) ?? '', /exit 0/);
    const c = { ...b, stdout: '{"auth":{"x":2,"remainingMs":7,"expiresAt":9},"configPath":"/h1/c"}' };
    assert.equal(answerDifference(a, c, ['/h1']), '$.auth.x: 1 vs 2');
  });
});

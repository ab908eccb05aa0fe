import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostSchema } from '../../../../main/core/hosts/host-settings.ts';
import {
  doctorPlan,
  pastePlan,
  reloadPlan,
  RUN_SCRIPT,
  SAFE_WORD,
  STATUS_SCRIPT,
  statusPlan,
} from '../../../../main/core/hosts/host-plan.ts';

const host = HostSchema.parse({ name: 'vps', destination: 'ada@vps' });

describe('remote command plans', () => {
  it('are one-line scripts without single quotes, followed by safe words only', () => {
    for (const s of [STATUS_SCRIPT, RUN_SCRIPT]) {
      assert.equal(s.includes("'"), false);
      assert.equal(s.includes('\n'), false);
    }
    const plans = [
      statusPlan(host),
      pastePlan(host, 'clawkeeper', {
        agents: ['main', 'work'],
        profileId: 'anthropic:manual',
        expiresIn: '365d',
      }),
      pastePlan(host, 'openclaw', { agents: ['work'], profileId: null, expiresIn: 'never' }),
      doctorPlan(host, 'clawkeeper', true),
      reloadPlan(host),
    ];
    for (const p of plans) {
      const m = /^sh -c '([^']*)' clawkeeper (.*)$/.exec(p.line);
      assert.ok(m, p.line);
      for (const w of (m[2] ?? '').split(' ')) assert.match(w, SAFE_WORD);
      // the words a container's exec runs are the same command, unquoted
      assert.deepEqual(p.argv, ['sh', '-c', m[1], 'clawkeeper', ...(m[2] ?? '').split(' ')]);
    }
  });
  it('send the token on stdin for paste, never in a word', () => {
    const p = pastePlan(host, 'clawkeeper', { agents: [], profileId: null, expiresIn: '30d' });
    assert.equal(p.stdin, 'token');
    assert.match(p.line, /clawkeeper - clawkeeper paste-token --json --expires-in 30d$/);
    assert.equal(statusPlan(host).stdin, 'none');
  });
  it('use the configured remote paths', () => {
    const h = HostSchema.parse({ name: 'vps', destination: 'd', clawkeeperBin: '/opt/ck/bin/clawkeeper' });
    assert.match(statusPlan(h).line, / clawkeeper \/opt\/ck\/bin\/clawkeeper -$/);
  });
  for (const [what, o] of [
    ['an agent id with shell characters', { agents: ['main;id'], profileId: null, expiresIn: '365d' }],
    ['a profile id with a space', { agents: [], profileId: 'anthropic:a b', expiresIn: '365d' }],
    ['a profile id with a quote', { agents: [], profileId: "anthropic:a'b", expiresIn: '365d' }],
    ['an odd expiry', { agents: [], profileId: null, expiresIn: '$(id)' }],
  ] as const)
    it(`refuse ${what}`, () =>
      assert.throws(() => pastePlan(host, 'clawkeeper', o), /may hold only|must look like|--expires-in/));
  it('refuse a remote path with shell characters in the settings', () => {
    assert.equal(HostSchema.safeParse({ name: 'x', destination: 'd', clawkeeperBin: '/a;b' }).success, false);
    assert.equal(HostSchema.safeParse({ name: 'X Y', destination: 'd' }).success, false);
  });
});

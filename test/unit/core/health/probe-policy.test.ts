import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaudeStore } from '../../../../main/core/discovery/inventory.ts';
import { NO_EVIDENCE } from '../../../../main/core/health/evidence-memory.ts';
import { base } from '../../../../main/core/health/entry.ts';
import { probeCandidates } from '../../../../main/core/health/probe-policy.ts';
import { secretOrNull } from '../../../../main/core/kernel/secret.ts';
import { access } from '../../../helpers/fixture-home.ts';

const now = Date.parse('2026-11-30T12:00:00Z');

function claudeLogin(seed: string) {
  return base({
    id: 'claude-code',
    location: '/home/u/.claude/.credentials.json',
    source: 'file',
    kind: 'oauth',
    value: secretOrNull(access(seed)),
    refresh: secretOrNull(access(`${seed}-r`)),
    expiresAt: now + 5 * 3_600_000,
    claude: { primary: true } as unknown as ClaudeStore,
  });
}

describe('which tokens the keeper probes', () => {
  it('leaves Claude Code’s own login to its refresh, except after a run died mid-refresh', () => {
    const e = claudeLogin('crash');
    assert.deepEqual(probeCandidates([e], NO_EVIDENCE, now, { mode: 'due' }), []);
    const after = probeCandidates([e], NO_EVIDENCE, now, { mode: 'due', afterCrash: true });
    assert.deepEqual(
      after.map((c) => c.why),
      ['after-crash'],
    );
  });

  it('probes after a crash even inside the 6 h window of an earlier probe', () => {
    const e = claudeLogin('window');
    const fp = e.value!.fingerprint;
    const ev = { ...NO_EVIDENCE, probes: new Map([[fp, { at: now - 60_000, outcome: 'alive' as const }]]) };
    assert.equal(probeCandidates([e], ev, now, { mode: 'due', afterCrash: true }).length, 1);
  });
});

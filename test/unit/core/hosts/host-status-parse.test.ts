import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  hostedExitCode,
  mergeHosts,
  unreachablePart,
  worstHosted,
} from '../../../../main/core/hosts/host-report.ts';
import { parseRemoteStatus } from '../../../../main/core/hosts/host-status-parse.ts';

const host = { name: 'vps', destination: 'ada@vps' };
const fixture = (p: string) =>
  readFileSync(new URL(`../../../fixtures/interop/${p}`, import.meta.url), 'utf8');
const NOW = 1_790_000_000_000;

describe('remote status normalisation', () => {
  it('reads the real OpenClaw 2026.6.1 models status output per agent', () => {
    const out = [
      '@@clawkeeper node v22.19.0',
      '@@clawkeeper via openclaw',
      '@@clawkeeper version 2026.6.1',
      '@@clawkeeper agent main',
      fixture('openclaw-2026.6.1/c-token-300d/status-json.stdout'),
      '@@clawkeeper exit 0',
      '@@clawkeeper agent work',
      fixture('openclaw-2026.6.1/e-token-expired/status-json.stdout'),
      '@@clawkeeper exit 1',
    ].join('\n');
    const part = parseRemoteStatus(host, out, NOW, 12);
    assert.equal(part.summary.via, 'openclaw');
    assert.equal(part.summary.node, 'v22.19.0');
    const rows = part.credentials.map((c) => [c.host, c.id, c.state]);
    assert.deepEqual(rows, [
      ['vps', 'openclaw:main/anthropic:manual', 'ok'],
      ['vps', 'openclaw:work/anthropic:manual', 'expired'],
    ]);
    assert.equal(part.summary.worst, 'expired');
    assert.doesNotMatch(JSON.stringify(part), /sk-ant-o\.\.\./);
  });
  it('turns the SQLite migration refusal into an unreadable row that points at the remote doctor', () => {
    const out = [
      '@@clawkeeper via openclaw',
      '@@clawkeeper agent main',
      fixture('openclaw-2026.9.6/e-token-expired/status-json.stdout'),
      '@@clawkeeper exit 1',
    ].join('\n');
    const part = parseRemoteStatus(host, out, NOW, null);
    assert.equal(part.credentials[0]?.state, 'unreadable');
    assert.match(part.credentials[0]?.reason ?? '', /legacy credential migration/);
    assert.equal(part.credentials[0]?.hint, 'clawkeeper host doctor vps');
  });
  it('re-tags a remote clawkeeper report and masks anything token-shaped in it', () => {
    const token = 'sk-ant-oat01-' + 'A'.repeat(90);
    const report = {
      schema: 'clawkeeper.status/1',
      credentials: [
        {
          id: 'claude-code',
          state: 'rate-limited',
          reason: `saw ${token}`,
          kind: 'oauth',
          expiresAt: NOW + 1000,
          copies: [],
        },
      ],
      findings: [{ check: 'x', severity: 'warning', message: token }],
      installs: [],
      notes: [],
    };
    const part = parseRemoteStatus(
      host,
      `@@clawkeeper via clawkeeper\n${JSON.stringify(report)}\n@@clawkeeper exit 0\n`,
      NOW,
      5,
    );
    assert.equal(part.credentials[0]?.host, 'vps');
    assert.equal(part.credentials[0]?.state, 'rate-limited');
    assert.equal(JSON.stringify(part).includes(token), false);
    assert.equal(part.summary.exitCode, 2);
  });
  it('says so when neither program is there, and when the output is not a report', () => {
    assert.match(
      parseRemoteStatus(host, '@@clawkeeper via none\n', NOW, 1).summary.error ?? '',
      /neither clawkeeper nor openclaw/,
    );
    assert.equal(
      parseRemoteStatus(host, '@@clawkeeper via clawkeeper\nnot json\n@@clawkeeper exit 70\n', NOW, 1).summary
        .worst,
      'unreadable',
    );
    assert.equal(parseRemoteStatus(host, 'fish: unknown command', NOW, 1).summary.worst, 'unreadable');
  });
});

describe('the report over hosts', () => {
  it('ranks unreachable as attention and unknown newer states as broken', () => {
    assert.equal(hostedExitCode('unreachable'), 2);
    assert.equal(hostedExitCode('disabled'), 1);
    assert.equal(hostedExitCode('some-future-state'), 1);
    assert.equal(worstHosted(['ok', 'unreachable', 'expiring']), 'unreachable');
    assert.equal(worstHosted(['unreachable', 'expired']), 'expired');
  });
  it('an unreachable host carries the ssh error and decides the exit code only as attention', () => {
    const r = mergeHosts(
      [
        unreachablePart(
          host,
          { kind: 'unreachable', message: 'could not reach vps', hint: 'ssh vps true' },
          NOW,
          3,
        ),
      ],
      NOW,
    );
    assert.equal(r.worst, 'unreachable');
    assert.equal(r.exitCode, 2);
    assert.equal(r.credentials[0]?.reason, 'could not reach vps');
    assert.equal(r.hosts[0]?.hint, 'ssh vps true');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FOLD_HEALTHY_AT, glanceGroups, glanceRows } from '../../../renderer/glance-model.ts';
import type { AppStatus } from '../../../renderer/types.ts';
import { fleet, twoHosts } from '../../fakes/fake-hosts.ts';
import { credential, fixtureReport } from '../../fakes/fixture-report.ts';
import type { HostPart } from '../../../main/core/hosts/host-report.ts';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

function status(parts: readonly HostPart[], report = fixtureReport(NOW)): AppStatus {
  return {
    report,
    hosts: {
      hosts: parts.map((p) => p.summary),
      credentials: parts.flatMap((p) => p.credentials),
      checkedAt: NOW,
    },
  } as unknown as AppStatus;
}

describe('the glance model', () => {
  it('puts every copy of a login under it, whichever of them lists the others', () => {
    // the freshest holder (main) lists every copy; claude-code and work list only the freshest
    const report = fixtureReport(NOW, {
      credentials: [
        credential({ id: 'claude-code', install: null, copies: ['openclaw:main/anthropic:default'] }),
        credential({
          id: 'openclaw:main/anthropic:default',
          copies: ['claude-code', 'openclaw:work/anthropic:default'],
        }),
        credential({ id: 'openclaw:work/anthropic:default', copies: ['openclaw:main/anthropic:default'] }),
        credential({ id: 'openclaw:main/anthropic:manual', owner: 'static', copies: [] }),
      ],
    });
    const rows = glanceRows(status([], report)).map((r) => `${'  '.repeat(r.depth)}${r.id}`);
    assert.deepEqual(rows, [
      'claude-code',
      '  openclaw:main/anthropic:default',
      '  openclaw:work/anthropic:default',
      'openclaw:main/anthropic:manual',
    ]);
    // on a host without Claude Code's own login, the freshest holder heads the group
    const vps = glanceRows(status(twoHosts(NOW)))
      .filter((r) => r.host === 'vps')
      .map((r) => `${'  '.repeat(r.depth)}${r.id}`);
    assert.deepEqual(vps, [
      'openclaw:ops/anthropic:claude-cli',
      '  openclaw:main/anthropic:claude-cli',
      '  openclaw:work/anthropic:claude-cli',
      'openclaw:main/anthropic:manual',
    ]);
  });

  it('shows a silent host with when it was last seen and what it held then, never an expiry', () => {
    const groups = glanceGroups(status(twoHosts(NOW)), { now: NOW });
    const nas = groups.flatMap((g) => g.rows).filter((r) => r.host === 'nas');
    assert.match(nas[0]?.hostLabel ?? '', /^nas · ssh:\/\/admin@nas\.local:2222 — last seen \d\d:\d\d$/);
    assert.equal(nas[0]?.isHost, true);
    assert.equal(nas[0]?.expiresAt, null);
    const held = nas.find((r) => r.id === 'openclaw:main/anthropic:manual');
    assert.equal(held?.asOf, NOW - 3 * 3_600_000);
    assert.equal(held?.expiresAt, null, 'no expiry it cannot know now');
    assert.equal(held?.refreshAt, null);
  });

  it('groups the hosts by worst state, worst first, and folds the healthy ones when there are many', () => {
    const parts = fleet(NOW, 50);
    const groups = glanceGroups(status(parts), { now: NOW });
    assert.deepEqual(
      groups.map((g) => [g.state, g.hosts.length, g.folded]),
      [
        ['ok', 1, false], // this machine, always first
        ['expired', 1, false],
        ['unreachable', 2, false],
        ['expiring', 4, false],
        ['ok', 43, true],
      ],
    );
    assert.equal(groups.at(-1)?.rows.length, 0);
    const shown = glanceGroups(status(parts), { now: NOW, showHealthy: true });
    assert.equal(shown.at(-1)?.folded, false);
    assert.equal(shown.at(-1)?.rows.length, 43);
    // a few healthy hosts are not folded
    const few = glanceGroups(status(fleet(NOW, FOLD_HEALTHY_AT - 1)), { now: NOW });
    assert.equal(
      few.some((g) => g.folded),
      false,
    );
  });
});

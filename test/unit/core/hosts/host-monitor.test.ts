import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostNotices } from '../../../../main/core/hosts/host-notices.ts';
import { HostSchema, type Host } from '../../../../main/core/hosts/host-settings.ts';
import { unreachablePart, type HostPart } from '../../../../main/core/hosts/host-report.ts';
import { HostMonitor } from '../../../../main/core/hosts/host-monitor.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { reachablePart } from '../../../fakes/fake-hosts.ts';

const D = 86_400_000;

describe('hosts monitor', () => {
  it('shows each host as soon as it answers and asks again on its timer', async () => {
    const clock = new FakeClock();
    const hosts: Host[] = ['a', 'b'].map((name) => HostSchema.parse({ name, destination: name }));
    const pending = new Map<string, (p: HostPart) => void>();
    let asked = 0;
    const monitor = new HostMonitor({
      status: (h) => {
        asked++;
        return new Promise((resolve) => pending.set(h.name, resolve));
      },
      hosts: () => hosts,
      clock,
      intervalMs: 10 * 60_000,
    });
    const seen: string[] = [];
    monitor.on((parts) => seen.push(...parts.map((p) => p.summary.name)));
    monitor.start();
    assert.equal(asked, 2);
    pending.get('b')?.(reachablePart('b', 'b', clock.now(), []));
    await Promise.resolve();
    assert.deepEqual(seen, ['b'], 'b is shown while a is still being asked');
    assert.deepEqual(
      monitor.current().hosts.map((h) => h.name),
      ['b'],
    );
    assert.equal(monitor.current().checkedAt, null);
    pending.get('a')?.(
      unreachablePart(
        { name: 'a', destination: 'a' },
        { kind: 'timeout', message: 'm', hint: 'h' },
        clock.now(),
        1,
      ),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      monitor.current().hosts.map((h) => [h.name, h.worst]),
      [
        ['a', 'unreachable'],
        ['b', 'ok'],
      ],
    );
    assert.equal(monitor.current().checkedAt, clock.now());
    await clock.advance(10 * 60_000);
    assert.equal(asked, 4);
    monitor.stop();
  });
});

describe('host notices', () => {
  const now = Date.UTC(2026, 10, 1);
  const on = { now, enabled: true, warnDays: [14, 3, 1] };
  it('name the host for an expiring setup-token there, once per level', () => {
    const part = reachablePart('vps', 'ada@vps', now, [
      {
        id: 'openclaw:main/anthropic:manual',
        kind: 'token',
        owner: 'static',
        state: 'expiring',
        expiresAt: now + 2 * D,
        hint: 'claude setup-token, then: clawkeeper paste-token --host vps',
      },
    ]);
    const first = hostNotices({}, [part], on);
    assert.equal(first.notices.length, 1);
    assert.match(first.notices[0]?.title ?? '', /^vps: Setup-token expires in 2 d/);
    assert.equal(first.notices[0]?.target.view, 'fix');
    assert.equal(hostNotices(first.memory, [part], on).notices.length, 0);
  });
  it('raise a changed host key once, and stay quiet for a host that is merely down', () => {
    const changed = unreachablePart(
      { name: 'nas', destination: 'nas' },
      { kind: 'host-key-changed', message: 'CHANGED', hint: 'ssh-keygen -R nas' },
      now,
      1,
    );
    const r = hostNotices({}, [changed], on);
    assert.deepEqual(
      r.notices.map((n) => n.title),
      ['nas: host key changed'],
    );
    assert.equal(hostNotices(r.memory, [changed], on).notices.length, 0);
    const down = unreachablePart(
      { name: 'nas', destination: 'nas' },
      { kind: 'timeout', message: 'm', hint: 'h' },
      now,
      1,
    );
    assert.equal(hostNotices({}, [down], on).notices.length, 0);
    assert.equal(hostNotices({}, [changed], { ...on, enabled: false }).notices.length, 0);
  });
});

describe('hosts monitor memory', () => {
  it('keeps what a host held when it last answered, marked as of then, while it is silent', async () => {
    const clock = new FakeClock();
    const hosts: Host[] = [HostSchema.parse({ name: 'nas', destination: 'nas' })];
    let next: HostPart = reachablePart('nas', 'nas', clock.now(), [
      { id: 'openclaw:main/anthropic:manual', state: 'ok', expiresAt: clock.now() + 9 * D },
    ]);
    const monitor = new HostMonitor({
      status: () => Promise.resolve(next),
      hosts: () => hosts,
      clock,
      intervalMs: 60_000,
    });
    await monitor.refresh();
    const seenAt = clock.now();
    await clock.advance(3_600_000);
    next = unreachablePart(
      { name: 'nas', destination: 'nas' },
      { kind: 'timeout', message: 'm', hint: 'h' },
      clock.now(),
      1,
    );
    await monitor.refresh();
    const snap = monitor.current();
    assert.equal(snap.hosts[0]?.lastSeenAt, seenAt);
    assert.deepEqual(
      snap.credentials.map((c) => [c.id, c.state, c.asOf ?? null]),
      [
        ['host:nas', 'unreachable', null],
        ['openclaw:main/anthropic:manual', 'ok', seenAt],
      ],
    );
    // it answers again: the fresh answer replaces the memory
    next = reachablePart('nas', 'nas', clock.now(), []);
    await monitor.refresh();
    assert.equal(monitor.current().hosts[0]?.lastSeenAt, undefined);
    assert.deepEqual(monitor.current().credentials, []);
  });
});

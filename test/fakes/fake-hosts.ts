/** A scripted HostsControl: the test hands it host parts and it tells the app, like the monitor. */
import type { HostsControl, HostsSnapshot } from '../../main/core/hosts/hosts-monitor.ts';
import { unreachablePart, type HostedCredential, type HostPart } from '../../main/core/hosts/hosts-report.ts';
import { credential } from './fixture-report.ts';

export class FakeHosts implements HostsControl {
  readonly calls: string[] = [];
  #parts = new Map<string, HostPart>();
  #listeners = new Set<(parts: readonly HostPart[]) => void>();

  constructor(parts: readonly HostPart[] = []) {
    for (const p of parts) this.#parts.set(p.summary.name, p);
  }
  current(): HostsSnapshot {
    const parts = [...this.#parts.values()];
    return {
      hosts: parts.map((p) => p.summary),
      credentials: parts.flatMap((p) => p.credentials),
      checkedAt: 1,
    };
  }
  refresh(): Promise<void> {
    this.calls.push('refresh');
    return Promise.resolve();
  }
  on(listener: (parts: readonly HostPart[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  start(): void {
    this.calls.push('start');
  }
  stop(): void {
    this.calls.push('stop');
  }
  emit(part: HostPart): void {
    this.#parts.set(part.summary.name, part);
    for (const l of this.#listeners) l([part]);
  }
}

const H = 3_600_000;
const D = 24 * H;

/** A reachable host whose clawkeeper reported these credentials. */
export function reachablePart(
  name: string,
  destination: string,
  now: number,
  creds: ReadonlyArray<Partial<HostedCredential> & { id: string }>,
): HostPart {
  const credentials = creds.map((c) => ({
    ...credential(c as Parameters<typeof credential>[0]),
    ...c,
    host: name,
  }));
  const worst = credentials.some((c) => c.state !== 'ok')
    ? (credentials.find((c) => c.state !== 'ok')?.state ?? 'ok')
    : 'ok';
  return {
    summary: {
      name,
      destination,
      reachable: true,
      via: 'clawkeeper',
      worst,
      exitCode: worst === 'ok' ? 0 : 2,
      error: null,
      failure: null,
      hint: null,
      node: 'v22.19.0',
      checkedAt: now,
      durationMs: 180,
    },
    credentials,
    findings: [],
    installs: [],
    routes: [],
    notes: [],
  };
}

/** Two remote hosts for the window and tray: a VPS with a setup-token and a login, a NAS offline. */
export function twoHosts(now: number): HostPart[] {
  return [
    reachablePart('vps', 'ada@vps.example.com', now, [
      {
        id: 'openclaw:main/anthropic:manual',
        agent: 'main',
        profileId: 'anthropic:manual',
        kind: 'token',
        owner: 'static',
        refreshable: false,
        state: 'expiring',
        reason: 'setup-token expires in 2 d 6 h; nothing renews it',
        hint: 'claude setup-token, then: clawkeeper paste-token --host vps',
        expiresAt: now + 2 * D + 6 * H,
        copies: [],
      },
      {
        id: 'openclaw:ops/anthropic:claude-cli',
        agent: 'ops',
        profileId: 'anthropic:claude-cli',
        kind: 'oauth',
        owner: 'openclaw',
        refreshable: true,
        state: 'ok',
        reason: 'OpenClaw renews it',
        expiresAt: now + 3 * H + 40 * 60_000,
        copies: [],
      },
    ]),
    unreachablePart(
      { name: 'nas', destination: 'ssh://admin@nas.local:2222' },
      {
        kind: 'timeout',
        message: 'nas did not answer within 10 s',
        hint: 'check that the machine is up and reachable: `ssh ssh://admin@nas.local:2222 true`',
      },
      now,
      10_000,
    ),
  ];
}

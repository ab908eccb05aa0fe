/** A scripted HostsControl: the test hands it host parts and it tells the app, like the monitor. */
import { withLastSeen, type HostsControl, type HostsSnapshot } from '../../main/core/hosts/host-monitor.ts';
import {
  hostedExitCode,
  unreachablePart,
  worstHosted,
  type HostedCredential,
  type HostPart,
} from '../../main/core/hosts/host-report.ts';
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
  const worst = worstHosted(credentials.map((c) => c.state));
  return {
    summary: {
      name,
      destination,
      reachable: true,
      via: 'clawkeeper',
      worst,
      exitCode: hostedExitCode(worst),
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

/**
 * Two remote hosts for the window and tray: a VPS with a setup-token and a login whose copies in
 * two agents list only the freshest holder (the copies relation as the report gives it), a NAS that
 * stopped answering (what it held when last seen kept, as the monitor keeps it).
 */
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
        copies: ['openclaw:main/anthropic:claude-cli', 'openclaw:work/anthropic:claude-cli'],
      },
      ...['main', 'work'].map((agent) => ({
        id: `openclaw:${agent}/anthropic:claude-cli`,
        agent,
        profileId: 'anthropic:claude-cli',
        kind: 'oauth' as const,
        owner: 'openclaw' as const,
        refreshable: true,
        state: 'ok',
        reason: 'same login as openclaw:ops/anthropic:claude-cli',
        expiresAt: now + 3 * H + 40 * 60_000,
        copies: ['openclaw:ops/anthropic:claude-cli'],
      })),
    ]),
    withLastSeen(
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
      reachablePart('nas', 'ssh://admin@nas.local:2222', now - 3 * H, [
        {
          id: 'openclaw:main/anthropic:manual',
          agent: 'main',
          profileId: 'anthropic:manual',
          kind: 'token',
          owner: 'static',
          refreshable: false,
          state: 'ok',
          reason: 'setup-token, nothing renews it',
          expiresAt: now + 90 * D,
        },
      ]),
    ),
  ];
}

/** A fleet of `n` hosts for the 50-host window: a few in trouble, most of them fine. */
export function fleet(now: number, n: number): HostPart[] {
  const parts: HostPart[] = [];
  for (let i = 1; i <= n; i++) {
    const name = `gw-${String(i).padStart(2, '0')}`;
    const dest = `ops@${name}.example.net`;
    if (i % 17 === 0)
      parts.push(
        unreachablePart(
          { name, destination: dest },
          { kind: 'timeout', message: `${name} did not answer within 10 s`, hint: `ssh ${dest} true` },
          now,
          10_000,
        ),
      );
    else
      parts.push(
        reachablePart(name, dest, now, [
          {
            id: 'openclaw:main/anthropic:manual',
            agent: 'main',
            profileId: 'anthropic:manual',
            kind: 'token',
            owner: 'static',
            refreshable: false,
            state: i % 11 === 0 ? 'expiring' : i === 23 ? 'expired' : 'ok',
            reason: i % 11 === 0 ? 'setup-token expires in 2 d; nothing renews it' : 'setup-token',
            expiresAt: now + (i % 11 === 0 ? 2 * D : i === 23 ? -D : (100 + i) * D),
          },
        ]),
      );
  }
  return parts;
}

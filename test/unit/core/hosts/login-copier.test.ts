import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaudeLogin } from '../../../../main/core/formats/claude-credentials.ts';
import { HostSchema, type Host } from '../../../../main/core/hosts/host-settings.ts';
import {
  COPY_RETRY_MS,
  LoginCopier,
  type LoginCopyResult,
} from '../../../../main/core/hosts/login-copier.ts';
import type { CallResult, PlannedCall } from '../../../../main/core/hosts/host-client.ts';
import { AppError } from '../../../../main/core/kernel/errors.ts';
import { Secret } from '../../../../main/core/kernel/secret.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { credential, fixtureReport } from '../../../fakes/fixture-report.ts';

const H = 3_600_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setup(names: string[]) {
  const clock = new FakeClock();
  const hosts: Host[] = names.map((name) =>
    HostSchema.parse({ name, destination: name, copyLogin: { agent: null, profileId: null } }),
  );
  let login: ClaudeLogin = loginWith('sk-ant-oat01-first-login-token-value-0000000000000000', clock.now());
  /** host → what it received (the token's value), in order */
  const got = new Map<string, string[]>();
  /** hosts that answer only when released */
  const held = new Map<string, () => void>();
  const down = new Set<string>();
  const copier = new LoginCopier({
    hosts: () => hosts,
    clock,
    logger: silent,
    readLogin: () => Promise.resolve(login),
    remote: {
      async via(h) {
        if (down.has(h.name)) throw new AppError('network', `${h.name} is unreachable`);
        if (held.has(h.name)) await new Promise<void>((r) => held.set(h.name, r));
        return { via: 'clawkeeper', node: 'v24' };
      },
      pastePlans: (h) => [{ argv: [h.name] } as unknown as PlannedCall],
      execute(h, _calls, token) {
        got.set(h.name, [...(got.get(h.name) ?? []), token?.reveal() ?? '']);
        return Promise.resolve([{ ok: true } as CallResult]);
      },
    },
  });
  const results: LoginCopyResult[] = [];
  copier.on((r) => results.push(r));
  const report = () =>
    fixtureReport(clock.now(), {
      credentials: [
        credential({ id: 'claude-code', fingerprint: login.access?.fingerprint ?? null, state: 'ok' }),
      ],
    });
  return {
    clock,
    copier,
    got,
    held,
    down,
    results,
    report,
    login: (value: string) => (login = loginWith(value, clock.now())),
  };
}

function loginWith(value: string, now: number): ClaudeLogin {
  return {
    access: new Secret(value),
    refresh: new Secret(`${value}-refresh`),
    expiresAt: now + 8 * H,
    scopes: [],
    subscriptionType: null,
    blanked: false,
    refreshTokenExpiresAt: null,
    loginEnded: null,
  };
}

describe('login copier (host copy --keep, tray and watch)', () => {
  it('sends each login once per host, and the access token only', async () => {
    const t = setup(['a', 'b']);
    await t.copier.feed(t.report());
    await t.copier.feed(t.report());
    assert.deepEqual(t.got.get('a'), ['sk-ant-oat01-first-login-token-value-0000000000000000']);
    assert.deepEqual(t.got.get('b'), ['sk-ant-oat01-first-login-token-value-0000000000000000']);
    t.login('sk-ant-oat01-second-login-token-value-000000000000000');
    await t.copier.feed(t.report());
    assert.equal(t.got.get('a')?.length, 2);
    assert.equal(t.got.get('a')?.[1], 'sk-ant-oat01-second-login-token-value-000000000000000');
  });

  it('a host that hangs holds up no other host; the newest login follows once it answers', async () => {
    const t = setup(['slow', 'fast']);
    t.held.set('slow', () => {});
    const first = t.copier.feed(t.report());
    await new Promise((r) => setImmediate(r));
    assert.equal(t.got.get('fast')?.length, 1, 'fast got its copy while slow hangs');
    t.login('sk-ant-oat01-second-login-token-value-000000000000000');
    void t.copier.feed(t.report());
    await new Promise((r) => setImmediate(r));
    assert.equal(t.got.get('fast')?.length, 2);
    assert.equal(t.got.get('slow'), undefined);
    const release = t.held.get('slow');
    t.held.delete('slow');
    release?.();
    await first;
    await t.copier.settled();
    assert.deepEqual(t.got.get('slow'), ['sk-ant-oat01-second-login-token-value-000000000000000']);
  });

  it('an unreachable host is reported, retried after a while for the same login, at once for a new one', async () => {
    const t = setup(['down']);
    t.down.add('down');
    await t.copier.feed(t.report());
    assert.deepEqual(
      t.results.map((r) => [r.host, r.ok, r.error]),
      [['down', false, 'down is unreachable']],
    );
    await t.copier.feed(t.report());
    assert.equal(t.results.length, 1, 'not asked again right away');
    t.clock.sleep(COPY_RETRY_MS);
    await t.copier.feed(t.report());
    assert.equal(t.results.length, 2, 'asked again after the retry interval');
    t.login('sk-ant-oat01-second-login-token-value-000000000000000');
    t.down.delete('down');
    await t.copier.feed(t.report());
    assert.deepEqual(
      t.results.map((r) => r.ok),
      [false, false, true],
    );
  });
});

describe('login copies share the hosts pool', () => {
  it('send to at most ssh.parallel hosts at once, through the same HostClient as status', async () => {
    const { HostClient } = await import('../../../../main/core/hosts/host-client.ts');
    const clock = new FakeClock();
    let running = 0;
    let most = 0;
    const shell = {
      argv: () => ['x'],
      manual: () => 'x',
      reproduce: () => 'x',
      async run(_h: unknown, c: { argv: readonly string[] }) {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        // the status script says which tool answers; the paste and reload succeed
        const status = c.argv.join(' ').includes('say via');
        return {
          ok: true as const,
          code: 0,
          stdout: status
            ? '@@clawkeeper node v24\n@@clawkeeper via clawkeeper\n{"schema":"clawkeeper.status/1","credentials":[]}\n@@clawkeeper exit 0\n'
            : '',
          stderr: '',
          durationMs: 5,
        };
      },
    };
    const client = new HostClient(shell, { commandTimeoutSeconds: 60, parallel: 2 }, () => clock.now());
    const hosts: Host[] = Array.from({ length: 7 }, (_, i) =>
      HostSchema.parse({ name: `h${i}`, destination: `h${i}`, copyLogin: { agent: null, profileId: null } }),
    );
    const login = loginWith('sk-ant-oat01-pool-login-token-value-000000000000000000', clock.now());
    const copier = new LoginCopier({
      hosts: () => hosts,
      clock,
      logger: silent,
      readLogin: () => Promise.resolve(login),
      remote: client,
    });
    const results: LoginCopyResult[] = [];
    copier.on((r) => results.push(r));
    await copier.feed(
      fixtureReport(clock.now(), {
        credentials: [
          credential({ id: 'claude-code', fingerprint: login.access?.fingerprint ?? null, state: 'ok' }),
        ],
      }),
    );
    await copier.settled();
    assert.equal(results.filter((r) => r.ok).length, 7, JSON.stringify(results.map((r) => r.error)));
    assert.equal(most, 2, 'never more than ssh.parallel calls at once');
  });
});

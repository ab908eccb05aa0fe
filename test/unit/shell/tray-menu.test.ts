import assert from 'node:assert/strict';
import { formatTime } from '../../../common/duration.ts';
import { describe, it } from 'node:test';
import type { HealthState } from '../../../main/core/health/report.ts';
import {
  FOLD_HOSTS_AFTER,
  iconStateOf,
  trayIconState,
  trayMenu,
  trayTooltip,
  type TrayInput,
} from '../../../main/shell/tray-menu.ts';
import { credential, fixtureReport } from '../../fakes/fixture-report.ts';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const M = 60_000;
const input = (over: Partial<TrayInput> = {}): TrayInput => ({
  report: fixtureReport(NOW),
  paused: false,
  now: NOW,
  startAtLogin: false,
  ...over,
});
const labels = (i: TrayInput) => trayMenu(i).map((x) => (x.type === 'separator' ? '---' : x.label));

describe('tray menu model', () => {
  it('lists one row per credential with state and live expiry, then the actions in order', () => {
    assert.deepEqual(labels(input()), [
      'claude-code — ok, expires in 5 h 12 m',
      'openclaw:main/anthropic:default — ok, expires in 5 h 12 m',
      'openclaw:main/anthropic:manual — ok, expires in 200 d',
      // per agent, what the gateway sends (the resolution model)
      'Gateway sends anthropic:default, then anthropic:manual',
      '---',
      'Refresh now',
      'Sync now',
      'Paste setup-token…',
      'Doctor (no findings)…',
      '---',
      'Open Clawkeeper',
      'Open logs folder',
      'Start at login',
      'Pause keeping',
      '---',
      'Quit Clawkeeper',
    ]);
  });

  it('moves the countdown as time passes', () => {
    assert.equal(labels(input({ now: NOW + 72 * M }))[0], 'claude-code — ok, expires in 4 h');
    assert.equal(labels(input({ now: NOW + 6 * 60 * M }))[0], 'claude-code — ok, expired 47 m ago');
  });

  const cases: Array<[string, Partial<TrayInput>, string, string]> = [
    ['before the first check', { report: null }, 'Checking credentials…', 'Clawkeeper: checking…'],
    [
      'with no credentials',
      { report: { ...fixtureReport(NOW), credentials: [] } },
      'No Claude credentials found',
      'Clawkeeper: no Claude credentials found',
    ],
    [
      'when paused',
      { paused: true },
      'claude-code — ok, expires in 5 h 12 m',
      'Clawkeeper: keeping is paused',
    ],
  ];
  for (const [when, over, first, tooltip] of cases)
    it(`shows "${first}" and "${tooltip}" ${when}`, () => {
      assert.equal(labels(input(over))[0], first);
      assert.equal(trayTooltip(input(over)), tooltip);
    });

  it('a broken credential no gateway sends does not turn the tooltip red', () => {
    const r = fixtureReport(NOW);
    const never = {
      ...r,
      credentials: r.credentials.map((c) =>
        c.id === 'openclaw:main/anthropic:manual'
          ? { ...c, state: 'expired' as const, sent: 'never' as const }
          : c,
      ),
    };
    assert.equal(trayTooltip(input({ report: never })), 'Clawkeeper: 3 credentials, all ok');
    const sent = {
      ...never,
      credentials: never.credentials.map((c) =>
        c.sent === 'never' ? { ...c, sent: 'fallback' as const } : c,
      ),
    };
    assert.match(trayTooltip(input({ report: sent })), /openclaw:main\/anthropic:manual/);
  });

  it('counts doctor findings, reflects the login item and offers resume while paused', () => {
    const f = {
      check: 'x',
      severity: 'error' as const,
      message: 'm',
      impact: 'i',
      hint: 'h',
      files: [],
      credentials: [],
    };
    const r = { ...fixtureReport(NOW), findings: [f, { ...f, check: 'y' }] };
    const menu = trayMenu(input({ report: r, paused: true, startAtLogin: true }));
    assert.equal(menu.find((i) => i.id === 'doctor')?.label, 'Doctor (2 findings)…');
    assert.equal(menu.find((i) => i.id === 'login')?.checked, true);
    assert.equal(menu.find((i) => i.id === 'pause')?.label, 'Resume keeping');
    assert.equal(menu.find((i) => i.id === 'refresh')?.enabled, false);
    assert.deepEqual(menu.find((i) => i.id === 'cred:claude-code')?.action, {
      kind: 'open-credential',
      id: 'claude-code',
    });
  });

  it('summarises the first problem in the tooltip', () => {
    const r = {
      ...fixtureReport(NOW),
      credentials: [credential({ id: 'a', state: 'expired' }), credential({ id: 'b', state: 'stale-copy' })],
    };
    assert.equal(trayTooltip(input({ report: r })), 'Clawkeeper: a expired (+1 more)');
  });

  const icons: Array<[HealthState | null, boolean, string]> = [
    ['ok', false, 'ok'],
    ['expiring', false, 'attention'],
    ['stale-copy', false, 'attention'],
    ['expired', false, 'broken'],
    ['needs-reauth', false, 'broken'],
    ['misconfigured', false, 'broken'],
    ['unreadable', false, 'broken'],
    ['needs-reauth', true, 'paused'],
    [null, false, 'paused'],
  ];
  for (const [worst, paused, icon] of icons)
    it(`uses the ${icon} icon for worst=${worst ?? 'unknown'}${paused ? ' while paused' : ''}`, () => {
      assert.equal(iconStateOf(worst, paused), icon);
    });
});

describe('tray menu with remote hosts', () => {
  it('groups credentials by host, this machine first, and adds "Check hosts now"', async () => {
    const { twoHosts } = await import('../../fakes/fake-hosts.ts');
    const parts = twoHosts(NOW);
    const hosts = {
      hosts: parts.map((p) => p.summary),
      credentials: parts.flatMap((p) => p.credentials),
      checkedAt: NOW,
    };
    const l = labels(input({ hosts }));
    assert.deepEqual(l.slice(0, 12), [
      'This machine — ok',
      '    claude-code — ok, expires in 5 h 12 m',
      '    openclaw:main/anthropic:default — ok, expires in 5 h 12 m',
      '    openclaw:main/anthropic:manual — ok, expires in 200 d',
      '    Gateway sends anthropic:default, then anthropic:manual',
      'vps — expiring',
      '    openclaw:main/anthropic:manual — expiring, expires in 2 d 6 h',
      '    openclaw:ops/anthropic:claude-cli — ok, expires in 3 h 40 m',
      '    openclaw:main/anthropic:claude-cli — ok, expires in 3 h 40 m',
      '    openclaw:work/anthropic:claude-cli — ok, expires in 3 h 40 m',
      'nas — unreachable: nas did not answer within 10 s',
      // what it held when it last answered, never an expiry it cannot know now
      `    openclaw:main/anthropic:manual — ok when last seen ${formatTime(NOW - 3 * 3_600_000, NOW)}`,
    ]);
    assert.ok(l.includes('Check hosts now'));
    assert.equal(trayIconState(input({ hosts })), 'attention');
    assert.equal(trayIconState(input()), 'ok');
    assert.equal(trayTooltip(input({ hosts })), 'Clawkeeper: vps expiring, nas unreachable');
  });

  it('folds a fleet: the hosts in trouble worst first, the healthy ones in one line that opens the glance', async () => {
    const { fleet } = await import('../../fakes/fake-hosts.ts');
    const parts = fleet(NOW, 50);
    const hosts = {
      hosts: parts.map((p) => p.summary),
      credentials: parts.flatMap((p) => p.credentials),
      checkedAt: NOW,
    };
    const menu = trayMenu(input({ hosts }));
    const hostRows = menu.filter((x) => x.id.startsWith('host:') && x.id !== 'host:local');
    const troubled = parts.filter((p) => p.summary.worst !== 'ok');
    assert.ok(troubled.length > 0 && troubled.length < 10);
    // every host in trouble by name, worst first, then one line for the rest
    assert.deepEqual(
      hostRows.slice(0, -1).map((x) => x.label.split(' — ')[1]?.split(':')[0]),
      ['expired', 'unreachable', 'unreachable', 'expiring', 'expiring', 'expiring', 'expiring'],
    );
    const folded = hostRows.at(-1);
    assert.equal(folded?.label, `${50 - troubled.length} more hosts ok — open the glance`);
    assert.deepEqual(folded?.action, { kind: 'open' });
    assert.ok(menu.length < 40, `${menu.length} rows`);
    // a handful of hosts is never folded
    const few = parts.slice(0, FOLD_HOSTS_AFTER);
    const small = trayMenu(
      input({ hosts: { hosts: few.map((p) => p.summary), credentials: [], checkedAt: NOW } }),
    );
    assert.equal(small.filter((x) => x.id.startsWith('host:') && x.id !== 'host:local').length, few.length);
  });
});

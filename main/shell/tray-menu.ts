/**
 * The tray menu as a pure function of the keeper's state and the time: one row per credential
 * with its state and a live "expires in 5 h 12 m", then the actions. tray.ts turns it into a
 * native menu; tests read it as data.
 */
import { describeExpiry } from '../../common/duration.ts';
import type { HealthState, StatusReport } from '../core/health/report.ts';
import { stateWords } from '../../common/state-words.ts';
import type { HostsSnapshot } from '../core/hosts/hosts-monitor.ts';
import { hostedExitCode, worstHosted } from '../core/hosts/hosts-report.ts';

export type TrayIconState = 'ok' | 'attention' | 'broken' | 'paused';

export type TrayAction =
  | { kind: 'open-credential'; id: string }
  | { kind: 'hosts-refresh' }
  | {
      kind:
        'refresh' | 'sync' | 'paste' | 'doctor' | 'open' | 'logs' | 'toggle-login' | 'toggle-pause' | 'quit';
    };

export interface TrayItem {
  readonly id: string;
  readonly type: 'normal' | 'separator' | 'checkbox';
  readonly label: string;
  readonly enabled: boolean;
  readonly checked?: boolean;
  readonly action: TrayAction | null;
}

export interface TrayInput {
  readonly report: StatusReport | null;
  readonly paused: boolean;
  readonly now: number;
  readonly startAtLogin: boolean;
  /** remote hosts; with at least one, the menu groups credentials by host */
  readonly hosts?: HostsSnapshot | null;
}

/** ok / attention / broken per docs/domain.md §5; paused or not yet checked shows `paused`. */
export function iconStateOf(worst: HealthState | null, paused: boolean): TrayIconState {
  if (paused || worst === null) return 'paused';
  if (worst === 'ok') return 'ok';
  if (worst === 'expiring' || worst === 'stale-copy' || worst === 'blocked') return 'attention';
  return 'broken';
}

/** The icon over this machine and every host: a host's worst state counts like a local one. */
export function trayIconState(input: TrayInput): TrayIconState {
  const local = input.report?.worst ?? null;
  const remote = input.hosts?.hosts ?? [];
  if (input.paused || local === null || remote.length === 0) return iconStateOf(local, input.paused);
  const worst = worstHosted([local, ...remote.map((h) => h.worst)]);
  const code = hostedExitCode(worst);
  return code === 0 ? 'ok' : code === 2 ? 'attention' : 'broken';
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** One line for the tray's tooltip. */
export function trayTooltip(input: TrayInput): string {
  const r = input.report;
  if (input.paused) return 'Clawkeeper: keeping is paused';
  if (r === null) return 'Clawkeeper: checking…';
  if (r.credentials.length === 0) return 'Clawkeeper: no Claude credentials found';
  const bad = r.credentials.filter((c) => c.state !== 'ok');
  const remoteBad = (input.hosts?.hosts ?? []).filter((h) => h.worst !== 'ok');
  if (remoteBad.length > 0 && bad.length === 0)
    return `Clawkeeper: ${remoteBad.map((h) => `${h.name} ${h.worst}`).join(', ')}`;
  if (bad.length === 0) return `Clawkeeper: ${plural(r.credentials.length, 'credential')}, all ok`;
  const first = bad[0];
  const more = bad.length > 1 ? ` (+${bad.length - 1} more)` : '';
  return `Clawkeeper: ${first?.id ?? ''} ${first ? stateWords(first, input.now) : ''}${more}`;
}

const item = (id: string, label: string, action: TrayAction | null, enabled = true): TrayItem => ({
  id,
  type: 'normal',
  label,
  enabled,
  action,
});
const separator = (id: string): TrayItem => ({
  id,
  type: 'separator',
  label: '',
  enabled: true,
  action: null,
});

/** The menu template for the current state and time. */
export function trayMenu(input: TrayInput): TrayItem[] {
  const r = input.report;
  const rows: TrayItem[] = [];
  if (r === null) rows.push(item('cred:none', 'Checking credentials…', null, false));
  else if (r.credentials.length === 0)
    rows.push(item('cred:none', 'No Claude credentials found', null, false));
  else
    for (const c of r.credentials)
      rows.push(
        item(
          `cred:${c.id}`,
          `${c.id} — ${stateWords(c, input.now)}, ${describeExpiry(c.expiresAt, input.now)}`,
          {
            kind: 'open-credential',
            id: c.id,
          },
        ),
      );
  const findings = r?.findings.length ?? 0;
  const remote = input.hosts?.hosts ?? [];
  if (remote.length > 0) {
    // grouped by host: this machine first, then each host under its name and state
    rows.splice(0, rows.length, ...rows.map((x) => ({ ...x, label: `    ${x.label}` })));
    rows.unshift(item('host:local', `This machine — ${r?.worst ?? 'checking'}`, null, false));
    for (const h of remote) {
      rows.push(
        item(
          `host:${h.name}`,
          `${h.name} — ${h.worst}${h.reachable ? '' : `: ${(h.error ?? '').slice(0, 80)}`}`,
          { kind: 'open' },
        ),
      );
      for (const c of input.hosts?.credentials ?? [])
        if (c.host === h.name && !c.id.startsWith('host:'))
          rows.push(
            item(
              `cred:${h.name}/${c.id}`,
              `    ${c.id} — ${c.state}, ${describeExpiry(c.expiresAt, input.now)}`,
              { kind: 'open-credential', id: `${h.name}/${c.id}` },
            ),
          );
    }
  }
  return [
    ...rows,
    separator('sep:1'),
    item('refresh', 'Refresh now', { kind: 'refresh' }, !input.paused),
    item('sync', 'Sync now', { kind: 'sync' }, !input.paused),
    item('paste', 'Paste setup-token…', { kind: 'paste' }),
    ...(remote.length > 0 ? [item('hosts-refresh', 'Check hosts now', { kind: 'hosts-refresh' })] : []),
    item('doctor', findings === 0 ? 'Doctor (no findings)…' : `Doctor (${plural(findings, 'finding')})…`, {
      kind: 'doctor',
    }),
    separator('sep:2'),
    item('open', 'Open Clawkeeper', { kind: 'open' }),
    item('logs', 'Open logs folder', { kind: 'logs' }),
    {
      id: 'login',
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: input.startAtLogin,
      action: { kind: 'toggle-login' },
    },
    item('pause', input.paused ? 'Resume keeping' : 'Pause keeping', { kind: 'toggle-pause' }),
    separator('sep:3'),
    item('quit', 'Quit Clawkeeper', { kind: 'quit' }),
  ];
}

/**
 * The tray menu as a pure function of the keeper's state and the time: one row per credential
 * with its state and a live "expires in 5 h 12 m", then the actions. tray.ts turns it into a
 * native menu; tests read it as data.
 */
import { describeExpiry, formatTime } from '../../common/duration.ts';
import type { AgentRoute, HealthState, RouteStep, StatusReport } from '../core/health/report.ts';
import { decides } from '../core/health/route-verdicts.ts';
import { stateWords } from '../../common/state-words.ts';
import type { HostsSnapshot } from '../core/hosts/host-monitor.ts';
import { hostedExitCode, worstHosted } from '../core/hosts/host-report.ts';
import { stateRank } from '../../common/hosted-states.ts';
import { usageRows, usageTitle } from './tray-usage.ts';

/** More remote hosts than this: the healthy ones fold into one line. */
export const FOLD_HOSTS_AFTER = 6;

export type TrayIconState = 'ok' | 'attention' | 'broken' | 'paused';

export type TrayAction =
  | { kind: 'open-credential'; id: string }
  | { kind: 'hosts-refresh' }
  | { kind: 'usage-refresh' }
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
  /** macOS: the login item waits for the user's approval in System Settings (it does not start yet) */
  readonly loginNeedsApproval?: boolean;
  /** remote hosts; with at least one, the menu groups credentials by host */
  readonly hosts?: HostsSnapshot | null;
  /** macOS: show the fullest usage window's percentage beside the icon (settings usage.trayTitle) */
  readonly usageTitle?: boolean;
}

/** The text beside the icon in the macOS menu bar: the fullest usage window, when enabled. */
export function trayTitle(input: TrayInput): string {
  return input.usageTitle === true && !input.paused ? usageTitle(input.report) : '';
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
  // a credential no gateway sends does not make the machine look broken
  const bad = r.credentials.filter((c) => c.state !== 'ok' && decides(c, r.routes));
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

/** "openclaw:main/anthropic:manual, then env ANTHROPIC_API_KEY" (or why nothing). */
function routeWords(r: AgentRoute): string {
  const one = (st: RouteStep): string =>
    st.kind === 'env'
      ? `$${st.variable ?? '?'}`
      : st.kind === 'cli'
        ? "Claude Code's login"
        : (st.profileId ?? st.variable ?? '?');
  if (!r.sends) return 'nothing usable';
  return (
    [r.sends, ...r.fallbacks.slice(0, 2)].map(one).join(', then ') + (r.fallbacks.length > 2 ? ', …' : '')
  );
}

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
  for (const route of r?.routes ?? [])
    if (route.claude)
      rows.push(
        item(
          `route:${route.install}:${route.agent}`,
          `Gateway ${route.agent === 'main' ? '' : `${route.agent} `}sends ${routeWords(route)}`,
          null,
          false,
        ),
      );
  const findings = r?.findings.length ?? 0;
  const remote = input.hosts?.hosts ?? [];
  if (remote.length > 0) {
    // grouped by host: this machine first, then each host under its name and state
    rows.splice(0, rows.length, ...rows.map((x) => ({ ...x, label: `    ${x.label}` })));
    rows.unshift(item('host:local', `This machine — ${r?.worst ?? 'checking'}`, null, false));
    // a fleet stays readable: the worst hosts first, and past a handful the healthy ones fold
    // into one line that opens the window's glance
    const fold = remote.length > FOLD_HOSTS_AFTER;
    const shown = fold ? remote.filter((h) => h.worst !== 'ok') : remote;
    const sorted = fold ? [...shown].sort((a, b) => stateRank(b.worst) - stateRank(a.worst)) : shown;
    for (const h of sorted) {
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
              // what a silent host held when last seen: as of then, no expiry it cannot know now
              `    ${c.id} — ${c.asOf === undefined ? `${c.state}, ${describeExpiry(c.expiresAt, input.now)}` : `${c.state} when last seen ${formatTime(c.asOf, input.now)}`}`,
              { kind: 'open-credential', id: `${h.name}/${c.id}` },
            ),
          );
    }
    const healthy = remote.length - shown.length;
    if (healthy > 0)
      rows.push(
        item('host:healthy', `${plural(healthy, 'more host')} ok — open the glance`, { kind: 'open' }),
      );
  }
  // the subscription's usage windows, where people look before the wall
  const usage = usageRows(r, input.now).map((u) => item(u.id, u.label, { kind: 'open' }));
  return [
    ...rows,
    ...(usage.length > 0 ? [separator('sep:usage'), ...usage] : []),
    separator('sep:1'),
    item('refresh', 'Refresh now', { kind: 'refresh' }, !input.paused),
    item('sync', 'Sync now', { kind: 'sync' }, !input.paused),
    item('paste', 'Paste setup-token…', { kind: 'paste' }),
    ...(remote.length > 0 ? [item('hosts-refresh', 'Check hosts now', { kind: 'hosts-refresh' })] : []),
    ...(usage.length > 0 ? [item('usage-refresh', 'Check usage now', { kind: 'usage-refresh' })] : []),
    item('doctor', findings === 0 ? 'Doctor (no findings)…' : `Doctor (${plural(findings, 'finding')})…`, {
      kind: 'doctor',
    }),
    separator('sep:2'),
    item('open', 'Open Clawkeeper', { kind: 'open' }),
    item('logs', 'Open logs folder', { kind: 'logs' }),
    {
      id: 'login',
      type: 'checkbox',
      label: input.loginNeedsApproval
        ? 'Start at login: allow it in System Settings › Login Items…'
        : 'Start at login',
      enabled: true,
      checked: input.startAtLogin || input.loginNeedsApproval === true,
      action: { kind: 'toggle-login' },
    },
    item('pause', input.paused ? 'Resume keeping' : 'Pause keeping', { kind: 'toggle-pause' }),
    separator('sep:3'),
    item('quit', 'Quit Clawkeeper', { kind: 'quit' }),
  ];
}

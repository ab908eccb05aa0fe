/**
 * The glance over every host, as data: this machine first, then the hosts grouped by their worst
 * state (worst first), healthy hosts folded into one line when there are many; under each host
 * one row per login with every copy of it nested under it, each with when it expires and when its
 * next refresh is due. A host that does not answer shows when it was last seen and what it held
 * then, never an expiry it cannot know. Pure (no DOM), so it is table-tested; views/glance.ts draws it.
 */
import type { AppStatus } from './types.ts';
import { stateRank, toneOfState } from '../common/hosted-states.ts';
import { formatTime } from '../common/duration.ts';

export { toneOfState };

type Cred = NonNullable<AppStatus['report']>['credentials'][number] & { host?: string; asOf?: number };
type Summary = NonNullable<AppStatus['hosts']>['hosts'][number];

export interface GlanceRow {
  readonly key: string;
  readonly host: string;
  /** shown on the host's first row only */
  readonly hostLabel: string | null;
  readonly id: string;
  readonly state: string;
  readonly reason: string;
  /** 0 a login or a credential on its own; 1 a copy nested under its login */
  readonly depth: 0 | 1;
  readonly expiresAt: number | null;
  /** when its owner (or the keeper, for a copy) renews it next; null: nothing renews it */
  readonly refreshAt: number | null;
  /** set when the row is what a silent host held when it last answered (its state and expiry are as of then) */
  readonly asOf: number | null;
  /** the row stands for the host itself (it could not be asked, or holds nothing) */
  readonly isHost: boolean;
}

/** One state's hosts; `folded` when its hosts are shown as one line. */
export interface GlanceGroup {
  readonly state: string;
  readonly hosts: readonly string[];
  readonly folded: boolean;
  readonly rows: readonly GlanceRow[];
}

export const WEEK = 7 * 86_400_000;
/** healthy hosts are folded into one line from this many on (unless asked to show them) */
export const FOLD_HEALTHY_AT = 4;

/**
 * The logins among these credentials: every credential joined to others through `copies` is one
 * login, whichever of them lists the others (the freshest holder lists every copy, a copy only the
 * freshest). Its head is Claude Code's own login when it is in the group, else the freshest holder.
 */
function logins(creds: readonly Cred[]): { head: Cred; copies: Cred[] }[] {
  const byId = new Map(creds.map((c) => [c.id, c]));
  const parent = new Map(creds.map((c) => [c.id, c.id]));
  const find = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    return r;
  };
  for (const c of creds)
    for (const other of c.copies) if (byId.has(other)) parent.set(find(other), find(c.id));
  const groups = new Map<string, Cred[]>();
  for (const c of creds) groups.set(find(c.id), [...(groups.get(find(c.id)) ?? []), c]);
  return [...groups.values()].map((members) => {
    const head =
      members.find((c) => c.owner === 'claude-code' && c.install === null) ??
      [...members].sort((a, b) => b.copies.length - a.copies.length)[0] ??
      members[0];
    return { head: head as Cred, copies: members.filter((c) => c !== head) };
  });
}

function rowsOf(host: string, label: string, creds: readonly Cred[], leadMs: number): GlanceRow[] {
  const out: GlanceRow[] = [];
  const refreshOf = (c: Cred): number | null => {
    if (c.expiresAt === null || !c.refreshable || c.asOf !== undefined) return null;
    // a copy outside any login shown here is renewed with its login, which the keeper does early
    return c.owner === 'claude-code' ? c.expiresAt - leadMs : c.expiresAt;
  };
  const push = (c: Cred, depth: 0 | 1, refreshAt: number | null) =>
    out.push({
      key: `${host}/${c.id}${c.asOf !== undefined ? '@then' : ''}`,
      host,
      hostLabel: out.length === 0 ? label : null,
      id: c.id,
      state: c.state,
      reason: c.reason,
      depth,
      expiresAt: c.asOf !== undefined ? null : c.expiresAt,
      refreshAt,
      asOf: c.asOf ?? null,
      isHost: c.id.startsWith('host:'),
    });
  // the host's own row (it could not be asked) first, then what it holds or held
  for (const c of creds.filter((x) => x.id.startsWith('host:'))) push(c, 0, null);
  const held = creds.filter((x) => !x.id.startsWith('host:'));
  // a login with copies first, Claude Code's own before others; then every credential on its own
  const groups = logins(held).sort(
    (a, b) =>
      Number(b.head.owner === 'claude-code') - Number(a.head.owner === 'claude-code') ||
      b.copies.length - a.copies.length,
  );
  for (const g of groups) {
    const refresh = refreshOf(g.head);
    push(g.head, 0, refresh);
    // a copy is re-synced right after its login is refreshed
    for (const c of g.copies) push(c, 1, c.asOf !== undefined ? null : refresh);
  }
  if (out.length === 0)
    out.push({
      key: `${host}/none`,
      host,
      hostLabel: label,
      id: '—',
      state: 'ok',
      reason: 'no Claude credentials here',
      depth: 0,
      expiresAt: null,
      refreshAt: null,
      asOf: null,
      isHost: true,
    });
  return out;
}

function hostLabel(h: Summary): string {
  return `${h.name} · ${h.destination ?? ''}`;
}

/**
 * This machine, then every host grouped by worst state (worst first, then by name). Healthy
 * hosts fold into one group line from FOLD_HEALTHY_AT on, unless `showHealthy`.
 */
export function glanceGroups(
  s: AppStatus,
  opts: { leadMs?: number; showHealthy?: boolean; now?: number } = {},
): GlanceGroup[] {
  const leadMs = opts.leadMs ?? 60 * 60_000;
  const now = opts.now ?? Date.now();
  const groups: GlanceGroup[] = [];
  if (s.report)
    groups.push({
      state: s.report.worst,
      hosts: ['local'],
      folded: false,
      rows: rowsOf('local', 'This machine', s.report.credentials, leadMs),
    });
  const remote = [...(s.hosts?.hosts ?? [])].sort(
    (a, b) => stateRank(b.worst) - stateRank(a.worst) || a.name.localeCompare(b.name),
  );
  const creds = (s.hosts?.credentials ?? []) as unknown as Cred[];
  for (const h of remote) {
    let g = groups.at(-1);
    if (!g || g.hosts[0] === 'local' || g.state !== h.worst) {
      g = { state: h.worst, hosts: [], folded: false, rows: [] };
      groups.push(g);
    }
    const label = h.reachable
      ? hostLabel(h)
      : `${hostLabel(h)}${h.lastSeenAt ? ` — last seen ${formatTime(h.lastSeenAt, now)}` : ' — not seen yet'}`;
    (g.hosts as string[]).push(h.name);
    (g.rows as GlanceRow[]).push(
      ...rowsOf(
        h.name,
        label,
        creds.filter((c) => c.host === h.name),
        leadMs,
      ),
    );
  }
  return groups.map((g) =>
    g.state === 'ok' && g.hosts[0] !== 'local' && g.hosts.length >= FOLD_HEALTHY_AT && !opts.showHealthy
      ? { ...g, folded: true, rows: [] }
      : g,
  );
}

/** Every row over this machine and every host (nothing folded); `leadMs` is how early the keeper refreshes. */
export function glanceRows(s: AppStatus, leadMs = 60 * 60_000): GlanceRow[] {
  return glanceGroups(s, { leadMs, showHealthy: true }).flatMap((g) => g.rows);
}

/** Position in the 7-day picture, 0..1 (clamped), or null when the time is not in it. */
export function weekPosition(at: number | null, now: number): number | null {
  if (at === null) return null;
  return Math.min(1, Math.max(0, (at - now) / WEEK));
}

/** The worst state over this machine and every host; null before the first check. */
export function overallState(s: AppStatus): string | null {
  if (s.report === null) return null;
  let w: string = s.report.worst;
  for (const h of s.hosts?.hosts ?? []) if (stateRank(h.worst) > stateRank(w)) w = h.worst;
  return w;
}

/**
 * The glance over every host, as data: one row per host and login, copies nested under their
 * login, each with when it expires and when its next refresh is due. Pure (no DOM), so it is
 * table-tested; views/glance.ts draws it.
 */
import type { AppStatus } from './types.ts';
import { stateRank, toneOfState } from '../common/hosted-states.ts';

export { toneOfState };

type Cred = NonNullable<AppStatus['report']>['credentials'][number] & { host?: string };

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
}

export const WEEK = 7 * 86_400_000;

function rowsOf(host: string, label: string, creds: readonly Cred[], leadMs: number): GlanceRow[] {
  const out: GlanceRow[] = [];
  const byId = new Map(creds.map((c) => [c.id, c]));
  // the login itself lives in Claude Code's store (no OpenClaw install); its copies name it
  const logins = creds.filter((c) => c.owner === 'claude-code' && c.install === null);
  const nested = new Set(logins.flatMap((l) => l.copies.filter((id) => byId.has(id) && id !== l.id)));
  const refreshOf = (c: Cred): number | null => {
    if (c.expiresAt === null || !c.refreshable) return null;
    // a copy outside any login shown here is renewed with its login, which the keeper does early
    return c.owner === 'claude-code' ? c.expiresAt - leadMs : c.expiresAt;
  };
  const push = (c: Cred, depth: 0 | 1, refreshAt: number | null) =>
    out.push({
      key: `${host}/${c.id}`,
      host,
      hostLabel: out.length === 0 ? label : null,
      id: c.id,
      state: c.state,
      reason: c.reason,
      depth,
      expiresAt: c.expiresAt,
      refreshAt,
    });
  for (const l of logins) {
    push(l, 0, refreshOf(l));
    // a copy is re-synced right after its login is refreshed
    for (const id of l.copies) {
      const c = byId.get(id);
      if (c && id !== l.id) push(c, 1, refreshOf(l));
    }
  }
  for (const c of creds) if (!logins.includes(c) && !nested.has(c.id)) push(c, 0, refreshOf(c));
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
    });
  return out;
}

/** Every row over this machine and every host; `leadMs` is how early the keeper refreshes. */
export function glanceRows(s: AppStatus, leadMs = 60 * 60_000): GlanceRow[] {
  const rows: GlanceRow[] = [];
  if (s.report) rows.push(...rowsOf('local', 'This machine', s.report.credentials, leadMs));
  for (const h of s.hosts?.hosts ?? []) {
    const creds = (s.hosts?.credentials ?? []).filter((c) => c.host === h.name) as unknown as Cred[];
    rows.push(...rowsOf(h.name, `${h.name} · ${h.destination ?? ''}`, creds, leadMs));
  }
  return rows;
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

/**
 * When to raise a desktop notification, as a pure function of memory, the latest report, the
 * event that just happened and `now`: re-auth needed, a setup-token expiring (14/3/1 d),
 * refresh failing repeatedly, a new doctor finding. De-duplicated per key, escalating only when
 * the level rises, silenced while snoozed; text passes the redactor (never a token).
 */
import { formatDuration } from '../../../common/duration.ts';
import { redact } from '../kernel/redact.ts';
import type { CredentialReport, StatusReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';

const DAY = 86_400_000;
/** a refresh that failed this many times in a row is worth telling the user about */
export const FAILING_AFTER = 3;

export type NoticeTarget =
  | { view: 'fix'; credential: string; command: string | null; reason: string }
  | { view: 'paste'; credential: string }
  | { view: 'doctor' };

export interface Notice {
  readonly key: string;
  readonly level: number;
  readonly title: string;
  readonly body: string;
  readonly target: NoticeTarget;
}

export interface PolicyMemory {
  /** key → level and when it was last notified */
  readonly sent: Readonly<Record<string, { level: number; at: number }>>;
  /** key → snoozed until (epoch ms) */
  readonly snoozed: Readonly<Record<string, number>>;
}

export const EMPTY_MEMORY: PolicyMemory = { sent: {}, snoozed: {} };

export interface PolicyInput {
  readonly report: StatusReport | null;
  readonly event: KeeperEvent | null;
  readonly now: number;
  readonly enabled: boolean;
  /** days before a static token's expiry to warn, e.g. [14, 3, 1] */
  readonly warnDays: readonly number[];
}

const BROKEN = new Set(['needs-reauth', 'expired']);
const isStatic = (c: CredentialReport) => c.owner === 'static' || c.kind === 'token';

function reauth(c: { id: string; reason: string; hint: string | null; static: boolean }): Notice {
  return {
    key: `reauth:${c.id}`,
    level: 3,
    title: c.static ? 'Setup-token needs replacing' : 'Claude login needs you',
    body: `${c.id}: ${c.reason}.${c.hint !== null ? ` Fix: ${c.hint}` : ''}`,
    target: c.static
      ? { view: 'paste', credential: c.id }
      : { view: 'fix', credential: c.id, command: c.hint, reason: c.reason },
  };
}

/** What the report says deserves a notice right now. */
function fromReport(r: StatusReport, now: number, warnDays: readonly number[]): Notice[] {
  const out: Notice[] = [];
  const thresholds = [...warnDays].sort((a, b) => b - a);
  for (const c of r.credentials) {
    if (BROKEN.has(c.state)) out.push(reauth({ ...c, static: isStatic(c) }));
    else if (isStatic(c) && c.expiresAt !== null) {
      const left = c.expiresAt - now;
      const level = thresholds.filter((d) => left <= d * DAY).length;
      if (level > 0)
        out.push({
          key: `expiring:${c.id}`,
          level,
          title: `Setup-token expires in ${formatDuration(left)}`,
          body: `${c.id} stops working then. Run claude setup-token and paste the new token into Clawkeeper.`,
          target: { view: 'paste', credential: c.id },
        });
    }
  }
  for (const f of r.findings)
    out.push({
      key: `finding:${f.check}:${(f.credentials.length > 0 ? f.credentials : f.files).join(',')}`,
      level: 1,
      title: 'Clawkeeper doctor found a problem',
      body: `${f.message}. ${f.impact}.`,
      target: { view: 'doctor' },
    });
  return out;
}

/** What the event alone says deserves a notice. */
function fromEvent(e: KeeperEvent): Notice[] {
  if (e.type === 'needs-reauth')
    return [reauth({ id: e.credential, reason: e.reason, hint: e.hint, static: false })];
  if (e.type === 'refresh-failed' && e.attempt >= FAILING_AFTER)
    return [
      {
        key: `refresh-failing:${e.credential}`,
        level: 1,
        title: 'Refreshing keeps failing',
        body: `${e.credential}: ${e.error} (attempt ${e.attempt}).${e.retryable ? ' Clawkeeper keeps retrying.' : ''}`,
        target: { view: 'fix', credential: e.credential, command: null, reason: e.error },
      },
    ];
  return [];
}

/** Decides which notices to show now and the memory to keep for next time. */
export function decideNotices(
  memory: PolicyMemory,
  input: PolicyInput,
): { notices: Notice[]; memory: PolicyMemory } {
  const sent = { ...memory.sent };
  const snoozed = Object.fromEntries(Object.entries(memory.snoozed).filter(([, until]) => until > input.now));
  const current = input.report !== null ? fromReport(input.report, input.now, input.warnDays) : [];
  const e = input.event;
  if (e?.type === 'refreshed') delete sent[`refresh-failing:${e.credential}`];
  // A condition the (newer) report no longer shows is over: forget it, so a relapse notifies again.
  if (input.report !== null) {
    const live = new Set(current.map((n) => n.key));
    for (const [key, s] of Object.entries(sent))
      if (!key.startsWith('refresh-failing:') && !live.has(key) && input.report.generatedAt > s.at)
        delete sent[key];
  }
  const notices: Notice[] = [];
  if (input.enabled) {
    const seen = new Set<string>();
    for (const n of [...(e !== null ? fromEvent(e) : []), ...current]) {
      if (seen.has(n.key) || snoozed[n.key] !== undefined) continue;
      seen.add(n.key);
      if ((sent[n.key]?.level ?? 0) >= n.level) continue;
      sent[n.key] = { level: n.level, at: input.now };
      notices.push({ ...n, title: redact(n.title), body: redact(n.body) });
    }
  }
  return { notices, memory: { sent, snoozed } };
}

/** Silences one notice key until `until`; it may notify again afterwards if still true. */
export function snooze(memory: PolicyMemory, key: string, until: number): PolicyMemory {
  const sent = { ...memory.sent };
  delete sent[key];
  return { sent, snoozed: { ...memory.snoozed, [key]: until } };
}

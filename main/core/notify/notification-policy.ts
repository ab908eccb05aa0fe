/**
 * When to raise a desktop notification or a daemon alert, as a pure function of memory, the
 * latest report, the event that just happened and `now`: re-auth needed, a setup-token expiring
 * (14/3/1 d), refresh failing repeatedly, a new doctor finding. A judgment notifies once two
 * passes in a row found it, unless it rests on settled evidence (settled.ts). De-duplicated per
 * key, escalating only when the level rises, silenced while snoozed or in quiet hours, "resolved"
 * once a notified condition is over (its credential gone or no longer sent included); text
 * passes the redactor (never a token).
 */
import { redact } from '../kernel/redact.ts';
import type { StatusReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';
import {
  DEFAULT_USAGE_THRESHOLDS,
  isUsageKey,
  usageNotices,
  usageOver,
  usageResolvedBody,
} from './usage-notices.ts';
import { notSent } from './settled.ts';
import { BROKEN, fromEvent, fromMemory, fromReport } from './notice-sources.ts';
import type { Notice, PolicyMemory, SentEntry } from './notice.ts';

export interface PolicyInput {
  readonly report: StatusReport | null;
  readonly event: KeeperEvent | null;
  readonly now: number;
  readonly enabled: boolean;
  /** days before a static token's expiry to warn, e.g. [14, 3, 1] */
  readonly warnDays: readonly number[];
  /** quiet hours: nothing is shown and nothing is declared over; held notices go out afterwards */
  readonly quiet?: boolean;
  /** percentages of a usage window that notify (settings `usage.thresholds`; default 80 and 95) */
  readonly usageThresholds?: readonly number[];
  /**
   * `report` is what a keeper pass ended with (default: the event is a `status` event). Only
   * then (or with no event: a look at the last report) is the report judged; with any other event
   * it is only the context of that event (a pass may be half-way).
   */
  readonly pass?: boolean;
}

const credentialOf = (key: string) => key.slice(key.indexOf(':') + 1);

type Over = 'fixed' | 'gone' | 'not-sent';

/** Whether (and how) a remembered condition is over, judged by the newest report and event. */
function isOver(
  key: string,
  s: SentEntry,
  input: PolicyInput,
  live: ReadonlySet<string>,
  judging: boolean,
): Over | null {
  const e = input.event;
  const r = input.report;
  if (isUsageKey(key)) return judging && usageOver(key, r, input.now, live) ? 'fixed' : null;
  const id = s.subject?.credential ?? credentialOf(key);
  const c = key.startsWith('finding:') ? undefined : r?.credentials.find((x) => x.id === id);
  // its credential went (removed, its agent or store gone) or the gateway no longer sends it
  const how = (): Over =>
    key.startsWith('finding:') ? 'fixed' : c === undefined ? 'gone' : notSent(c, r) ? 'not-sent' : 'fixed';
  if (s.sticky) {
    if (e?.type === 'refreshed' && e.credential === credentialOf(key)) return 'fixed';
    if (!judging || r === null || live.has(key) || r.generatedAt <= s.at) return null;
    if (c === undefined || notSent(c, r)) return how();
    return c.fingerprint !== (s.fp ?? null) && !BROKEN.has(c.state) ? 'fixed' : null;
  }
  return judging && r !== null && !live.has(key) && r.generatedAt > s.at ? how() : null;
}

function resolvedNotice(key: string, s: SentEntry, how: Over): Notice {
  const subject = s.subject;
  const what = subject?.credential ?? credentialOf(key);
  return {
    key,
    level: 0,
    title: `Resolved: ${s.title ?? key}`,
    body:
      how === 'gone'
        ? `${what} is no longer there (removed, or its agent or store is gone): nothing left to fix.`
        : how === 'not-sent'
          ? `${what}: the gateway no longer sends it, so it no longer matters.`
          : key.startsWith('refresh-failing:')
            ? `${what}: refreshing works again.`
            : isUsageKey(key)
              ? usageResolvedBody(what)
              : key.startsWith('finding:')
                ? `${subject?.reason ?? key}: no longer found.`
                : `${what} is fine again.`,
    target: !subject?.credential
      ? { view: 'doctor' }
      : isUsageKey(key)
        ? { view: 'credentials', credential: subject.credential }
        : { view: 'fix', credential: subject.credential, command: null, reason: 'resolved' },
    ...(subject ? { subject: { ...subject, state: 'resolved', hint: null } } : {}),
  };
}

const clean = (n: Notice): Notice => ({ ...n, title: redact(n.title), body: redact(n.body) });

/**
 * Decides which notices to show now, which shown conditions are over ("resolved"), and the
 * memory to keep for next time.
 */
export function decideNotices(
  memory: PolicyMemory,
  input: PolicyInput,
): { notices: Notice[]; resolved: Notice[]; memory: PolicyMemory } {
  const sent: Record<string, SentEntry> = { ...memory.sent };
  const snoozed = Object.fromEntries(Object.entries(memory.snoozed).filter(([, until]) => until > input.now));
  const e = input.event;
  const pass = input.pass ?? e?.type === 'status';
  // the report is judged at a pass's end, or on a look with no event (a timer, a new channel)
  const judging = pass || e === null;
  const current =
    input.report !== null && judging
      ? [
          ...fromReport(input.report, input.now, input.warnDays),
          ...usageNotices(input.report, input.now, input.usageThresholds ?? DEFAULT_USAGE_THRESHOLDS),
        ]
      : [];
  const resolved: Notice[] = [];
  // A condition no longer true is over: forget it (a relapse notifies again) and say so once.
  // In quiet hours nothing is declared over, so the "resolved" message waits for the morning.
  if (!input.quiet) {
    const live = new Set(current.map((n) => n.key));
    for (const [key, s] of Object.entries(sent)) {
      const how = isOver(key, s, input, live, judging);
      if (how === null) continue;
      delete sent[key];
      if (s.level > 0 && input.enabled) resolved.push(clean(resolvedNotice(key, s, how)));
    }
  }
  // an unsettled judgment is told once two passes in a row found it: `pending` holds what the
  // last pass found (rebuilt at each pass, kept between passes)
  const pending: Record<string, number> = pass ? {} : { ...memory.pending };
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const fromE = e !== null ? fromEvent(e, input.report, input.now) : [];
  const eventKeys = new Set(fromE.map((n) => n.key));
  const remembered = judging ? fromMemory(sent, input.report, input.now) : [];
  for (const n of [...fromE, ...remembered, ...current]) {
    if (seen.has(n.key) || snoozed[n.key] !== undefined) continue;
    seen.add(n.key);
    const before = sent[n.key];
    if (before === undefined && n.unsettled) {
      if (!pass) continue;
      // the same report looked at twice is one pass: a later report must still find it
      const first = memory.pending?.[n.key];
      const at = input.report?.generatedAt ?? input.now;
      if (first === undefined || at <= first) {
        pending[n.key] = first ?? at;
        continue;
      }
    }
    const shown = before?.level ?? 0;
    const show = input.enabled && !input.quiet && n.level > shown;
    if (before !== undefined && !show) continue;
    if (before === undefined && !show && !input.enabled) continue;
    const sticky = before?.sticky ?? eventKeys.has(n.key);
    sent[n.key] = {
      level: show ? n.level : shown,
      at: input.now,
      title: n.title,
      ...(n.subject ? { subject: n.subject } : {}),
      ...(sticky ? { sticky, fp: before?.fp ?? n.subject?.fingerprint ?? null } : {}),
    };
    if (show) notices.push(clean({ ...n, ...(shown > 0 ? { escalated: true } : {}) }));
  }
  return { notices, resolved, memory: { sent, snoozed, pending } };
}
/** Silences one notice key until `until`; it may notify again afterwards if still true. */
export function snooze(memory: PolicyMemory, key: string, until: number): PolicyMemory {
  const sent = { ...memory.sent };
  delete sent[key];
  return { ...memory, sent, snoozed: { ...memory.snoozed, [key]: until } };
}

/**
 * When to raise a desktop notification or a daemon alert, as a pure function of memory, the
 * latest report, the event that just happened and `now`: re-auth needed, a setup-token expiring
 * (14/3/1 d), refresh failing repeatedly, a new doctor finding. A judgment notifies once two
 * passes in a row found it, unless it rests on settled evidence (settled.ts). De-duplicated per
 * key, escalating only when the level rises, silenced while snoozed or in quiet hours, "resolved"
 * once a notified condition is over (its credential gone or no longer sent included); text
 * passes the redactor (never a token).
 */
import { formatDuration } from '../../../common/duration.ts';
import { redact } from '../kernel/redact.ts';
import type { StatusReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';
import { stateWords } from '../../../common/state-words.ts';
import {
  DEFAULT_USAGE_THRESHOLDS,
  isUsageKey,
  usageNotices,
  usageOver,
  usageResolvedBody,
} from './usage-notices.ts';
import { isStatic, notSent, settledEvent, settledVerdict } from './settled.ts';

const DAY = 86_400_000;
/** a refresh that failed this many times in a row is worth telling the user about */
export const FAILING_AFTER = 3;

export type NoticeTarget =
  | { view: 'fix'; credential: string; command: string | null; reason: string }
  | { view: 'paste'; credential: string }
  | { view: 'doctor' }
  /** the window on the credentials and their usage windows */
  | { view: 'credentials'; credential: string };

/** What a notice is about, for alert bodies (fingerprints only, never a token). */
export interface NoticeSubject {
  readonly credential: string | null;
  readonly state: string | null;
  readonly reason: string;
  readonly hint: string | null;
  readonly fingerprint: string | null;
}

export interface Notice {
  readonly key: string;
  /** 1 info, 2 warning, 3 a human is needed now; 0 on a "resolved" notice */
  readonly level: number;
  readonly title: string;
  readonly body: string;
  readonly target: NoticeTarget;
  readonly subject?: NoticeSubject;
  /** set when an earlier, lower level of the same key was shown */
  readonly escalated?: boolean;
  /** a judgment on unsettled evidence: shown only once the next pass still finds it */
  readonly unsettled?: true;
}

export interface SentEntry {
  /** the highest level shown (0: known but not shown yet, e.g. held by quiet hours) */
  readonly level: number;
  readonly at: number;
  readonly title?: string;
  readonly subject?: NoticeSubject;
  /**
   * Raised by an event rather than the report: over only on a `refreshed` event for the
   * credential or when the report shows it with another token than `fp` (e.g. a new login).
   */
  readonly sticky?: boolean;
  readonly fp?: string | null;
}

export interface PolicyMemory {
  /** key → level and when it was last notified */
  readonly sent: Readonly<Record<string, SentEntry>>;
  /** key → snoozed until (epoch ms) */
  readonly snoozed: Readonly<Record<string, number>>;
  /** unsettled judgments the last pass found, not told yet: key → the report that first found it */
  readonly pending?: Readonly<Record<string, number>>;
}

export const EMPTY_MEMORY: PolicyMemory = { sent: {}, snoozed: {} };

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

const BROKEN = new Set(['needs-reauth', 'expired']);
/** marks a notice that must hold for two passes before it is shown */
const unless = (settled: boolean): { unsettled?: true } => (settled ? {} : { unsettled: true });

function reauth(c: {
  id: string;
  reason: string;
  hint: string | null;
  static: boolean;
  state: string;
  fingerprint: string | null;
  level: number;
  extra?: string;
}): Notice {
  return {
    key: `reauth:${c.id}`,
    level: c.level,
    title: c.static ? 'Setup-token needs replacing' : 'Claude login needs you',
    body: `${c.id}: ${c.reason}.${c.extra ?? ''}${c.hint !== null ? ` Fix: ${c.hint}` : ''}`,
    target: c.static
      ? { view: 'paste', credential: c.id }
      : { view: 'fix', credential: c.id, command: c.hint, reason: c.reason },
    subject: { credential: c.id, state: c.state, reason: c.reason, hint: c.hint, fingerprint: c.fingerprint },
  };
}

/** The verdict rests on the token endpoint's rejection of the login's refresh token. */
function rejectedLogin(c: { readonly evidence?: readonly string[] }): boolean {
  return c.evidence?.includes('rejected-login') ?? false;
}

/** Route findings that are advice, not trouble, when they are `info`. */
const ROUTE_ADVICE = new Set(['subscription-not-first']);

/** An agent whose route is dead only through credentials judged on settled evidence. */
function deadOnSettledFacts(f: StatusReport['findings'][number], r: StatusReport): boolean {
  if (f.check !== 'no-usable-credential' || f.credentials.length === 0) return false;
  return f.credentials.every((id) => {
    const c = r.credentials.find((x) => x.id === id);
    return c !== undefined && settledVerdict(c);
  });
}

/** What the report says deserves a notice right now. */
function fromReport(r: StatusReport, now: number, warnDays: readonly number[]): Notice[] {
  const out: Notice[] = [];
  const thresholds = [...warnDays].sort((a, b) => b - a);
  // what no gateway sends is shown, never announced (the resolution model)
  const quiet = new Set(r.credentials.filter((c) => notSent(c, r)).map((c) => c.id));
  for (const c of r.credentials) {
    // a credential the gateway never sends is nobody's problem (and its alerts are over)
    if (notSent(c, r)) continue;
    if (c.state === 'needs-reauth' && rejectedLogin(c)) out.push(rejected(c.id, c.reason, c.hint, r, now));
    else if (BROKEN.has(c.state))
      out.push({ ...reauth({ ...c, static: isStatic(c), level: 3 }), ...unless(settledVerdict(c)) });
    else if (c.state === 'blocked' && c.openclaw?.unusableUntil)
      out.push({
        key: `blocked:${c.id}:${c.openclaw.unusableUntil}`,
        level: 1,
        title: `${c.id}: ${stateWords(c, now)}`,
        body: `${c.reason}.${c.hint ? ` ${c.hint}` : ''}`,
        target: { view: 'fix', credential: c.id, command: c.hint, reason: c.reason },
        // its key ends with the time: the subject names the credential (for "resolved")
        subject: {
          credential: c.id,
          state: c.state,
          reason: c.reason,
          hint: c.hint,
          fingerprint: c.fingerprint,
        },
      });
    else if (isStatic(c) && c.expiresAt !== null) {
      const left = c.expiresAt - now;
      const level = thresholds.filter((d) => left <= d * DAY).length;
      const hint = 'Run claude setup-token and paste the new token into Clawkeeper.';
      if (level > 0)
        out.push({
          key: `expiring:${c.id}`,
          level,
          title: `Setup-token expires in ${formatDuration(left)}`,
          body: `${c.id} stops working then. ${hint}`,
          target: { view: 'paste', credential: c.id },
          subject: {
            credential: c.id,
            state: 'expiring',
            reason: `expires in ${formatDuration(left)}`,
            hint,
            fingerprint: c.fingerprint,
          },
        });
    }
  }
  // a finding about a credential already notified above is the same news
  const told = new Set(out.map((n) => (n.target.view === 'doctor' ? '' : n.target.credential)));
  for (const f of r.findings) {
    if (f.check.startsWith('credential-') || f.credentials.some((id) => told.has(id))) continue;
    // a finding only about credentials no gateway sends was made `info` by the judge: not news;
    // nor is advice that the gateway relies on another healthy Claude credential
    if (f.severity === 'info' && f.credentials.length > 0 && f.credentials.every((id) => quiet.has(id)))
      continue;
    if (f.severity === 'info' && ROUTE_ADVICE.has(f.check)) continue;
    out.push({
      key: `finding:${f.check}:${(f.credentials.length > 0 ? f.credentials : f.files).join(',')}`,
      // files and lineage: a doctor finding waits for the next pass to find it too, except an
      // agent left with nothing to send because of settled facts (an expired setup-token)
      ...unless(deadOnSettledFacts(f, r)),
      level: 1,
      title: 'Clawkeeper doctor found a problem',
      body: `${f.message}. ${f.impact}.`,
      target: { view: 'doctor' },
      subject: {
        credential: f.credentials[0] ?? null,
        state: null,
        reason: f.message,
        hint: f.hint,
        fingerprint: null,
      },
    });
  }
  return out;
}

/**
 * A login the token endpoint rejected. While its access token still works it is a warning
 * (level 2: "fix it within hours"); once that token has expired, or when nothing says how long
 * it lasts, a human is needed now (level 3), so the expiry is one escalation.
 */
function rejected(
  id: string,
  reason: string,
  hint: string | null,
  report: StatusReport | null,
  now: number,
): Notice {
  const cred = report?.credentials.find((c) => c.id === id);
  // a rejected login's access token keeps working until it expires (the verdict already says
  // needs-reauth for it: that is the warning; its expiry is the escalation)
  const working =
    cred !== undefined &&
    (!BROKEN.has(cred.state) || rejectedLogin(cred)) &&
    cred.state !== 'expired' &&
    (cred.expiresAt ?? 0) > now;
  return reauth({
    id,
    reason,
    hint,
    static: false,
    state: 'needs-reauth',
    fingerprint: cred?.fingerprint ?? null,
    level: working ? 2 : 3,
    ...(working
      ? {
          extra: ` The current access token keeps working for ${formatDuration((cred.expiresAt ?? now) - now)}.`,
        }
      : {}),
  });
}

/** Rejected logins remembered from earlier events, judged again against the newest report. */
function fromMemory(
  sent: Readonly<Record<string, SentEntry>>,
  report: StatusReport | null,
  now: number,
): Notice[] {
  const out: Notice[] = [];
  for (const [key, s] of Object.entries(sent))
    if (s.sticky && key.startsWith('reauth:') && s.subject && report !== null)
      out.push(rejected(s.subject.credential ?? key.slice(7), s.subject.reason, s.subject.hint, report, now));
  return out;
}

/**
 * What the event alone says deserves a notice. A rejected login whose access token still works
 * is a warning (level 2: "fix it within hours"); once that token has expired, or when nothing
 * says how long it lasts, a human is needed now (level 3), so the expiry is one escalation.
 */
function fromEvent(e: KeeperEvent, report: StatusReport | null, now: number): Notice[] {
  const cred = report?.credentials.find((c) => 'credential' in e && c.id === e.credential);
  if (e.type === 'needs-reauth')
    return cred && notSent(cred, report)
      ? []
      : [{ ...rejected(e.credential, e.reason, e.hint, report, now), ...unless(settledEvent(e, cred)) }];
  if (e.type === 'refresh-failed' && e.attempt >= FAILING_AFTER)
    return [
      {
        key: `refresh-failing:${e.credential}`,
        level: 1,
        title: 'Refreshing keeps failing',
        body: `${e.credential}: ${e.error} (attempt ${e.attempt}).${e.retryable ? ' Clawkeeper keeps retrying.' : ''}`,
        target: { view: 'fix', credential: e.credential, command: null, reason: e.error },
        subject: {
          credential: e.credential,
          state: cred?.state ?? null,
          reason: e.error,
          hint: null,
          fingerprint: cred?.fingerprint ?? null,
        },
      },
    ];
  return [];
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

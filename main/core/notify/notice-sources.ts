/**
 * Where notices come from: the latest report (a credential needing re-auth, a setup-token
 * expiring at 14/3/1 days, a doctor finding), a keeper event (a rejected refresh, refreshing failing
 * again and again) and the memory of what was told (a sticky condition still true). Each notice says
 * whether it rests on settled evidence (settled.ts).
 */
import { formatDuration } from '../../../common/duration.ts';
import type { StatusReport } from '../health/report.ts';
import type { KeeperEvent } from '../contracts.ts';
import { stateWords } from '../../../common/state-words.ts';
import { isStatic, notSent, settledEvent, settledVerdict } from './settled.ts';
import type { Notice, SentEntry } from './notice.ts';

const DAY = 86_400_000;
/** a refresh that failed this many times in a row is worth telling the user about */
export const FAILING_AFTER = 3;

export const BROKEN = new Set(['needs-reauth', 'expired']);
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
export function fromReport(r: StatusReport, now: number, warnDays: readonly number[]): Notice[] {
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
export function fromMemory(
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
export function fromEvent(e: KeeperEvent, report: StatusReport | null, now: number): Notice[] {
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

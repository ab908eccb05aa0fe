/**
 * What an alert says and how each channel wants it (pure). The generic webhook body is the
 * documented `clawkeeper.alert/1` JSON; ntfy, Slack/Mattermost and Discord get their own
 * incoming-message shapes; a command gets the same JSON on stdin plus `CLAWKEEPER_ALERT_*`
 * variables. Built from policy notices, which are redacted: no token can be in here.
 */
import { redact } from '../kernel/redact.ts';
import type { Notice } from './notification-policy.ts';
import type { AlertChannel } from '../settings/alert-settings.ts';

export type AlertKind = 'alert' | 'escalation' | 'resolved' | 'test';
export type AlertSeverity = 'critical' | 'warning' | 'info' | 'resolved' | 'test';

/** The documented webhook body (README "Alerts"). */
export interface Alert {
  readonly schema: 'clawkeeper.alert/1';
  /** unique per message: receivers may de-duplicate retries by it */
  readonly id: string;
  readonly kind: AlertKind;
  /** the condition: `reauth:<credential>`, `expiring:<credential>`, `refresh-failing:…`, `finding:…`, `usage:<login>|<window>|<reset>` */
  readonly key: string;
  /** 3 a human is needed now, 2 soon, 1 for information, 0 resolved or test */
  readonly level: number;
  readonly severity: AlertSeverity;
  readonly host: string;
  readonly credential: string | null;
  readonly state: string | null;
  readonly title: string;
  readonly message: string;
  readonly reason: string;
  readonly hint: string | null;
  /** `sha256:…` of the token concerned, never the token */
  readonly fingerprint: string | null;
  /** ISO 8601 */
  readonly at: string;
}

export function severityOf(kind: AlertKind, level: number): AlertSeverity {
  if (kind === 'resolved' || kind === 'test') return kind;
  return level >= 3 ? 'critical' : level === 2 ? 'warning' : 'info';
}

/** One alert from one policy notice. */
export function alertFromNotice(n: Notice, kind: AlertKind, host: string, now: number): Alert {
  const s = n.subject;
  const clean = (v: string | null | undefined) => (v === null || v === undefined ? null : redact(v));
  return {
    schema: 'clawkeeper.alert/1',
    id: `${n.key}#${kind}${n.level}@${now}`,
    kind,
    key: n.key,
    level: n.level,
    severity: severityOf(kind, n.level),
    host,
    credential: clean(s?.credential),
    state: clean(s?.state),
    title: redact(n.title),
    message: redact(n.body),
    reason: redact(s?.reason ?? n.body),
    hint: clean(s?.hint),
    fingerprint: clean(s?.fingerprint),
    at: new Date(now).toISOString(),
  };
}

/** The message `clawkeeper alert test` sends. */
export function testAlert(host: string, now: number): Alert {
  return {
    schema: 'clawkeeper.alert/1',
    id: `test#${now}`,
    kind: 'test',
    key: 'test',
    level: 0,
    severity: 'test',
    host,
    credential: null,
    state: null,
    title: 'Clawkeeper test alert',
    message: `This channel works: Clawkeeper on ${host} can reach you here.`,
    reason: 'clawkeeper alert test',
    hint: null,
    fingerprint: null,
    at: new Date(now).toISOString(),
  };
}

export interface HttpMessage {
  readonly kind: 'http';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CommandMessage {
  readonly kind: 'command';
  readonly argv: readonly string[];
  /** the alert JSON */
  readonly input: string;
  /** only the `CLAWKEEPER_ALERT_*` variables; the runner adds a scrubbed environment */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export type ChannelMessage = HttpMessage | CommandMessage;

const NTFY = {
  critical: { priority: '5', tag: 'rotating_light' },
  warning: { priority: '4', tag: 'warning' },
  info: { priority: '3', tag: 'information_source' },
  resolved: { priority: '3', tag: 'white_check_mark' },
  test: { priority: '2', tag: 'test_tube' },
} as const;

/** Slack/Discord attachment colours by severity. */
const COLOUR = {
  critical: '#d93025',
  warning: '#f29900',
  info: '#1a73e8',
  resolved: '#188038',
  test: '#9aa0a6',
} as const;

/** HTTP header values must be Latin-1: non-ASCII text goes as RFC 2047 (ntfy decodes it). */
function headerText(s: string): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(one)
    ? one
    : `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(one)))}?=`;
}

function lines(a: Alert): string {
  const out = [a.message];
  const facts = [
    `host: ${a.host}`,
    a.state ? `state: ${a.state}` : null,
    a.fingerprint ? `token: ${a.fingerprint}` : null,
  ].filter((x): x is string => x !== null);
  out.push(facts.join(' · '));
  return out.join('\n');
}

/** Slack and Mattermost mrkdwn: `&`, `<`, `>` are control characters. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function slackBody(a: Alert): unknown {
  const fields = [
    { title: 'Host', value: a.host, short: true },
    ...(a.credential ? [{ title: 'Credential', value: a.credential, short: true }] : []),
    ...(a.state ? [{ title: 'State', value: a.state, short: true }] : []),
    ...(a.fingerprint ? [{ title: 'Token', value: a.fingerprint, short: true }] : []),
  ].map((f) => ({ ...f, value: slackEscape(f.value) }));
  return {
    text: `*${slackEscape(a.title)}* (${slackEscape(a.host)})`,
    attachments: [
      {
        fallback: slackEscape(`${a.title}: ${a.message}`),
        color: COLOUR[a.severity],
        title: slackEscape(a.title),
        text: slackEscape(a.message),
        fields,
        footer: 'Clawkeeper',
        ts: Math.floor(Date.parse(a.at) / 1000),
      },
    ],
  };
}

function discordBody(a: Alert): unknown {
  const field = (name: string, value: string | null) =>
    value ? [{ name, value: cut(value, 1024), inline: true }] : [];
  return {
    username: 'Clawkeeper',
    // never ping anyone from text taken out of a user's files
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: cut(a.title, 256),
        description: cut(a.message, 4096),
        color: parseInt(COLOUR[a.severity].slice(1), 16),
        fields: [
          ...field('Host', a.host),
          ...field('Credential', a.credential),
          ...field('State', a.state),
          ...field('Token', a.fingerprint),
        ],
        timestamp: a.at,
      },
    ],
  };
}

/** Which Slack-like shape a `slack` channel gets. */
export function slackFormat(c: Extract<AlertChannel, { type: 'slack' }>): 'slack' | 'mattermost' | 'discord' {
  if (c.format !== 'auto') return c.format;
  try {
    const host = new URL(c.url).hostname;
    return /(^|\.)discord(app)?\.com$/.test(host) ? 'discord' : 'slack';
  } catch {
    return 'slack';
  }
}

/** The request (or command run) one channel gets for one alert; null for a flag file. */
export function messageFor(c: AlertChannel, a: Alert): ChannelMessage | null {
  const json = { 'content-type': 'application/json', 'user-agent': 'clawkeeper' };
  switch (c.type) {
    case 'ntfy':
      return {
        kind: 'http',
        url: c.url,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'user-agent': 'clawkeeper',
          title: headerText(a.title),
          priority: NTFY[a.severity].priority,
          tags: `${NTFY[a.severity].tag},clawkeeper`,
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        },
        body: lines(a),
      };
    case 'webhook':
      return {
        kind: 'http',
        url: c.url,
        headers: { ...json, ...(c.headers ?? {}) },
        body: JSON.stringify(a),
      };
    case 'slack':
      return {
        kind: 'http',
        url: c.url,
        headers: json,
        body: JSON.stringify(slackFormat(c) === 'discord' ? discordBody(a) : slackBody(a)),
      };
    case 'command':
      return {
        kind: 'command',
        argv: c.command,
        input: JSON.stringify(a) + '\n',
        env: {
          CLAWKEEPER_ALERT_KIND: a.kind,
          CLAWKEEPER_ALERT_LEVEL: String(a.level),
          CLAWKEEPER_ALERT_SEVERITY: a.severity,
          CLAWKEEPER_ALERT_KEY: a.key,
          CLAWKEEPER_ALERT_HOST: a.host,
          CLAWKEEPER_ALERT_CREDENTIAL: a.credential ?? '',
          CLAWKEEPER_ALERT_STATE: a.state ?? '',
          CLAWKEEPER_ALERT_TITLE: a.title,
          CLAWKEEPER_ALERT_FINGERPRINT: a.fingerprint ?? '',
        },
        timeoutMs: c.timeoutMs,
      };
    case 'flag-file':
      return null;
  }
}

/**
 * The `alerts` section of the settings: where the headless daemon tells a human.
 * URLs are https, or http only to this machine (loopback); every channel's URL is a secret
 * (an ntfy topic, a Slack/Discord webhook path) and leaves this module masked only.
 */
import * as z from 'zod/mini';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', '::1', 'localhost']);

/** https anywhere, http only to loopback; no credentials in the URL's user part. */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && (LOOPBACK.has(u.hostname) || /^127\.\d+\.\d+\.\d+$/.test(u.hostname)))
    return null;
  return 'must use https (plain http only to 127.0.0.1, ::1 or localhost)';
}

const url = z.string().check(
  z.refine((v) => urlProblem(v) === null, {
    error: (iss) => `URL ${urlProblem(String(iss.input)) ?? 'is not allowed'}`,
  }),
);
const name = z.optional(
  z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,40}$/, 'name: letters, digits, . _ - only')),
);
const int = (min: number, max: number, def: number) =>
  z._default(z.int().check(z.minimum(min), z.maximum(max)), def);

export const AlertChannelSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ntfy'),
    name,
    /** the topic URL, e.g. https://ntfy.sh/my-secret-topic */
    url,
    /** ntfy access token for protected topics (sent as Bearer, never logged) */
    token: z.optional(z.string()),
  }),
  z.object({ type: z.literal('webhook'), name, url, headers: z.optional(z.record(z.string(), z.string())) }),
  z.object({
    type: z.literal('slack'),
    name,
    url,
    /** message shape: Slack and Mattermost share one; `auto` picks discord for discord.com URLs */
    format: z._default(z.enum(['auto', 'slack', 'mattermost', 'discord']), 'auto'),
  }),
  z.object({
    type: z.literal('command'),
    name,
    /** argv (no shell): the alert JSON arrives on stdin */
    command: z.array(z.string()).check(z.minLength(1, 'command: give the program and its arguments')),
    timeoutMs: int(1000, 300_000, 30_000),
  }),
  z.object({
    type: z.literal('flag-file'),
    name,
    /** default: REAUTH_NEEDED in Clawkeeper's state (data) dir */
    path: z._default(z.nullable(z.string()), null),
  }),
]);
export type AlertChannel = z.infer<typeof AlertChannelSchema>;

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'quiet hours: use HH:MM, e.g. 22:00'));

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const QuietHoursSchema = z.object({
  from: HHMM,
  to: HHMM,
  /** IANA zone, default the machine's */
  timeZone: z.optional(z.string().check(z.refine(validZone, 'quiet hours: unknown time zone'))),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const AlertsSettingsSchema = z.prefault(
  z.object({
    channels: z._default(z.array(AlertChannelSchema), []),
    quietHours: z._default(z.nullable(QuietHoursSchema), null),
    /** the host name alerts carry; default the machine's */
    hostname: z._default(z.nullable(z.string()), null),
    timeoutMs: int(1000, 120_000, 10_000),
    retry: z.prefault(
      z.object({
        baseMs: int(100, 3_600_000, 30_000),
        maxMs: int(100, 86_400_000, 3_600_000),
        /** undelivered messages kept (oldest dropped first) */
        maxQueue: int(1, 1000, 100),
        /** an undelivered message older than this is dropped */
        maxAgeHours: int(1, 720, 72),
      }),
      {},
    ),
  }),
  {},
);
export type AlertsSettings = z.infer<typeof AlertsSettingsSchema>;

/** Names channels are addressed by (`alert test NAME`, status): the given name, else type[-n]. */
export function channelNames(channels: readonly AlertChannel[]): string[] {
  const count = new Map<string, number>();
  for (const c of channels) count.set(c.type, (count.get(c.type) ?? 0) + 1);
  const nth = new Map<string, number>();
  return channels.map((c) => {
    if (c.name) return c.name;
    const n = (nth.get(c.type) ?? 0) + 1;
    nth.set(c.type, n);
    return (count.get(c.type) ?? 0) > 1 ? `${c.type}-${n}` : c.type;
  });
}

/** A URL with everything after the host hidden: `https://ntfy.sh/…`. */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '…';
  }
}

/** How a channel is shown in logs and `status`: never its secret part. */
export function describeChannel(c: AlertChannel, flagPath: string): string {
  switch (c.type) {
    case 'ntfy':
    case 'webhook':
    case 'slack':
      return maskUrl(c.url);
    case 'command': {
      const prog = c.command[0] ?? '';
      const base = prog.slice(Math.max(prog.lastIndexOf('/'), prog.lastIndexOf('\\')) + 1);
      return `${base}${c.command.length > 1 ? ` (+${c.command.length - 1} args)` : ''}`;
    }
    case 'flag-file':
      return c.path ?? flagPath;
  }
}

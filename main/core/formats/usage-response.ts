/**
 * Reads the body of `GET /api/oauth/usage` the way Claude Code's own `/usage` does (2.1.197 and
 * 2.1.332, see test/interop/FINDINGS.md "Usage windows"): top-level windows `five_hour`,
 * `seven_day`, `seven_day_<model>`, each `{utilization, resets_at}` or null; rows in `limits[]`
 * (`kind`, `percent`, `resets_at`, `scope.model.display_name`); `extra_usage`. Tolerant: a
 * malformed window is left out, unknown fields are ignored; a body with none of the known fields
 * (an error envelope answered with 200) is not usage at all.
 */
import * as z from 'zod/mini';
import type { ExtraUsage, UsageSnapshot, UsageWindow, UsageWindowKind } from './usage-windows.ts';

/** The top-level fields Claude Code treats as "this is a usage body" (2.1.332's list). */
const KNOWN_FIELDS = [
  'five_hour',
  'seven_day',
  'seven_day_oauth_apps',
  'seven_day_opus',
  'seven_day_sonnet',
  'cinder_cove',
  'wattle_ember',
  'extra_usage',
  'limits',
];

const WindowSchema = z.object({
  utilization: z.nullable(z.number()),
  resets_at: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});

const LimitRowSchema = z.object({
  kind: z.string(),
  group: z.optional(z.nullable(z.string())),
  percent: z.nullable(z.number()),
  resets_at: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  scope: z.optional(
    z.nullable(
      z.object({
        model: z.optional(z.nullable(z.object({ display_name: z.string() }))),
        surface: z.optional(z.nullable(z.object({ display_name: z.string() }))),
      }),
    ),
  ),
});

const ExtraSchema = z.object({
  is_enabled: z.boolean(),
  monthly_limit: z.optional(z.nullable(z.number())),
  used_credits: z.optional(z.nullable(z.number())),
  utilization: z.optional(z.nullable(z.number())),
  currency: z.optional(z.nullable(z.string())),
  disabled_reason: z.optional(z.nullable(z.string())),
});

export type UsageParse =
  { readonly ok: true; readonly snapshot: UsageSnapshot } | { readonly ok: false; readonly error: string };

/**
 * A reset time as the endpoint sends it: an ISO 8601 string (the windows) or epoch seconds (rows
 * of `limits[]` in 2.1.197's parser); epoch milliseconds are accepted too. Null when absent or bad.
 */
export function resetTime(v: string | number | null | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? (v < 1e12 ? v * 1000 : v) : null;
  if (typeof v !== 'string' || v === '') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** `seven_day_oauth_apps` → `OAuth apps`; `sonnet` → `Sonnet`. */
function modelWords(suffix: string): string {
  if (suffix === 'oauth_apps') return 'OAuth apps';
  return title(suffix.replace(/_/g, ' '));
}

function topLevel(body: Record<string, unknown>): UsageWindow[] {
  const out: UsageWindow[] = [];
  for (const [key, value] of Object.entries(body)) {
    let kind: UsageWindowKind;
    let label: string;
    if (key === 'five_hour') [kind, label] = ['session', 'Session'];
    else if (key === 'seven_day') [kind, label] = ['weekly', 'Week'];
    else if (/^seven_day_[a-z0-9_]+$/.test(key))
      [kind, label] = ['weekly-scoped', `Week (${modelWords(key.slice('seven_day_'.length))})`];
    else continue;
    const w = WindowSchema.safeParse(value);
    if (!w.success || w.data.utilization === null || !Number.isFinite(w.data.utilization)) continue;
    out.push({ id: key, kind, label, percent: w.data.utilization, resetsAt: resetTime(w.data.resets_at) });
  }
  return out;
}

/** Rows of `limits[]`: the server's meters (2.1.332 renders them verbatim, a new meter included). */
function fromLimits(raw: unknown, have: ReadonlySet<string>): UsageWindow[] {
  if (!Array.isArray(raw)) return [];
  const out: UsageWindow[] = [];
  for (const item of raw) {
    const r = LimitRowSchema.safeParse(item);
    if (!r.success) continue;
    const row = r.data;
    const percent = row.percent;
    if (percent === null || !Number.isFinite(percent)) continue;
    const name = row.scope?.model?.display_name ?? row.scope?.surface?.display_name ?? null;
    let id: string;
    let kind: UsageWindowKind;
    let label: string;
    if (row.kind === 'session') [id, kind, label] = ['five_hour', 'session', 'Session'];
    else if (row.kind === 'weekly_all') [id, kind, label] = ['seven_day', 'weekly', 'Week'];
    else if (name !== null) {
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
      // the same window as a top-level `seven_day_<model>` key: shown once
      if (have.has(`seven_day_${slug}`)) continue;
      const group = row.group === 'session' ? 'Session' : 'Week';
      [id, kind, label] = [
        `scoped:${slug}`,
        row.group === 'session' ? 'session' : 'weekly-scoped',
        `${group} (${name})`,
      ];
    } else continue;
    if (have.has(id) || out.some((w) => w.id === id)) continue;
    out.push({ id, kind, label, percent, resetsAt: resetTime(row.resets_at) });
  }
  return out;
}

function extraOf(raw: unknown): ExtraUsage | null {
  const e = ExtraSchema.safeParse(raw);
  if (!e.success) return null;
  return {
    enabled: e.data.is_enabled,
    monthlyLimit: e.data.monthly_limit ?? null,
    usedCredits: e.data.used_credits ?? null,
    percent: e.data.utilization ?? null,
    currency: e.data.currency ?? null,
    disabledReason: e.data.disabled_reason ?? null,
  };
}

const ORDER: Record<UsageWindowKind, number> = { session: 0, weekly: 1, 'weekly-scoped': 2 };

/** Parses the endpoint's answer; `ok: false` means "usage unknown" with a secret-free reason. */
export function parseUsageBody(text: string): UsageParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the usage endpoint answered with something that is not JSON' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: 'the usage endpoint answered with an unexpected shape' };
  const doc = body as Record<string, unknown>;
  if (!KNOWN_FIELDS.some((k) => k in doc) && !Object.keys(doc).some((k) => k.startsWith('seven_day_')))
    return {
      ok: false,
      error:
        'error' in doc
          ? 'the usage endpoint answered with an error instead of usage'
          : 'the usage endpoint answered without any usage window (an unknown shape)',
    };
  const windows = topLevel(doc);
  windows.push(...fromLimits(doc.limits, new Set(windows.map((w) => w.id))));
  windows.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  return { ok: true, snapshot: { windows, extra: extraOf(doc.extra_usage) } };
}

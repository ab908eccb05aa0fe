import * as z from 'zod/mini';
import { parseConfigDocument, type ConfigDocument } from './config-document.ts';
import { describeZod, type Parsed } from './parse.ts';

/** `auth.profiles[id]` in openclaw.json: which provider and which `mode` OpenClaw expects. */
export const ConfigProfileSchema = z.looseObject({
  provider: z.optional(z.string()),
  mode: z.optional(z.string()),
  email: z.optional(z.string()),
});

export const ConfigAuthSchema = z.looseObject({
  profiles: z.optional(z.record(z.string(), ConfigProfileSchema)),
  order: z.optional(z.record(z.string(), z.array(z.string()))),
});

/** The parts of openclaw.json Clawkeeper reads; the rest is kept untouched. Read as JSON5. */
export const OpenClawConfigSchema = z.looseObject({
  auth: z.optional(ConfigAuthSchema),
  /** OpenClaw records the version that last wrote the config: a cheap generation hint */
  meta: z.optional(z.looseObject({ lastTouchedVersion: z.optional(z.string()) })),
  agents: z.optional(z.looseObject({ list: z.optional(z.array(z.looseObject({ id: z.string() }))) })),
});

export type OpenClawConfig = z.infer<typeof OpenClawConfigSchema>;
export type ConfigProfile = z.infer<typeof ConfigProfileSchema>;

/** The config as Clawkeeper reads it, and the document it came from (one parse of the text). */
export function readOpenClawConfig(
  text: string,
  opts: { spans?: boolean } = {},
): Parsed<{ config: OpenClawConfig; document: ConfigDocument }> {
  const parsed = parseConfigDocument(text, opts);
  if (!parsed.ok) return parsed;
  const checked = OpenClawConfigSchema.safeParse(parsed.value.doc);
  return checked.success
    ? { ok: true, value: { config: checked.data, document: parsed.value } }
    : { ok: false, error: describeZod(checked.error) };
}

export function parseOpenClawConfig(text: string): Parsed<OpenClawConfig> {
  const r = readOpenClawConfig(text);
  return r.ok ? { ok: true, value: r.value.config } : r;
}

/** OpenClaw's eligibility rule: config `mode` must equal the stored `type`, except config `oauth` accepts a stored `token`. */
export function modeAccepts(mode: string, storedType: string | null): boolean {
  if (storedType === null) return false;
  if (mode === storedType) return true;
  return mode === 'oauth' && storedType === 'token';
}

const isRec = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** OpenClaw's agent id normalisation: trimmed, lower case (`main` when empty). */
export function normalizeAgentId(id: string): string {
  return id.trim().toLowerCase() || 'main';
}

/**
 * The configured agents, `[id, entry]`: `agents.entries` (keyed by id, 2026.8+, which also reads
 * the older form) or `agents.list` (`[{ id, … }]`); null when the config has no roster at all.
 */
export function agentRoster(config: OpenClawConfig | null): Array<[string, Record<string, unknown>]> | null {
  const agents = config?.agents as Record<string, unknown> | undefined;
  const entries = agents?.['entries'];
  if (isRec(entries))
    return Object.entries(entries).flatMap(([id, e]) =>
      isRec(e) ? [[normalizeAgentId(id), e] as [string, Record<string, unknown>]] : [],
    );
  const list = agents?.['list'];
  if (!Array.isArray(list)) return null;
  return list.flatMap((a) =>
    isRec(a) && typeof a['id'] === 'string'
      ? [[normalizeAgentId(a['id']), a] as [string, Record<string, unknown>]]
      : [],
  );
}

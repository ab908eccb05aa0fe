import { z } from 'zod';
import { parseJsonWith, type Parsed } from './parse.ts';

/** `auth.profiles[id]` in openclaw.json: which provider and which `mode` OpenClaw expects. */
export const ConfigProfileSchema = z.looseObject({
  provider: z.string().optional(),
  mode: z.string().optional(),
  email: z.string().optional(),
});

export const ConfigAuthSchema = z.looseObject({
  profiles: z.record(z.string(), ConfigProfileSchema).optional(),
  order: z.record(z.string(), z.array(z.string())).optional(),
});

/** The parts of openclaw.json Clawkeeper reads; the rest is kept untouched. Read as JSON5. */
export const OpenClawConfigSchema = z.looseObject({
  auth: ConfigAuthSchema.optional(),
  /** OpenClaw records the version that last wrote the config: a cheap generation hint */
  meta: z.looseObject({ lastTouchedVersion: z.string().optional() }).optional(),
  agents: z
    .looseObject({
      list: z.array(z.looseObject({ id: z.string() })).optional(),
    })
    .optional(),
});

export type OpenClawConfig = z.infer<typeof OpenClawConfigSchema>;
export type ConfigProfile = z.infer<typeof ConfigProfileSchema>;

export function parseOpenClawConfig(text: string): Parsed<OpenClawConfig> {
  return parseJsonWith(text, OpenClawConfigSchema, { json5: true });
}

/** OpenClaw's eligibility rule: config `mode` must equal the stored `type`, except config `oauth` accepts a stored `token`. */
export function modeAccepts(mode: string, storedType: string | null): boolean {
  if (storedType === null) return false;
  if (mode === storedType) return true;
  return mode === 'oauth' && storedType === 'token';
}

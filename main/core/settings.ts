import { z } from 'zod';
import type { Files } from '../ports/files.ts';
import { parseJsonWith } from './formats/parse.ts';

const DAY = 86_400_000;

/**
 * Clawkeeper's settings. Every field has a default, so an empty file (or none) is valid;
 * unknown keys are kept so that a newer version's settings survive an older one.
 */
export const SettingsSchema = z.looseObject({
  version: z.literal(1).default(1),
  health: z
    .object({
      /** a static token nobody renews is `expiring` this many days before its expiry */
      staticWarnDays: z.number().min(0).max(365).default(3),
      /** a login its owner renews is `expiring` only this many minutes before expiry (0: never by time) */
      renewableWarnMinutes: z.number().min(0).max(1440).default(0),
    })
    .prefault({}),
  refresh: z
    .object({
      strategy: z.enum(['peer', 'claude-cli', 'off']).default('peer'),
      leadMinutes: z.number().min(1).max(480).default(60),
      tokenUrl: z.url().default('https://platform.claude.com/v1/oauth/token'),
      clientId: z.string().default('9d1c250a-e61b-44d9-88ed-5944d1962f5e'),
      userAgent: z.string().default('claude-cli/2.1 (external, cli)'),
      timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
      claudeCliCommand: z.array(z.string()).default(['claude', '-p', 'ok', '--max-turns', '1']),
    })
    .prefault({}),
  openclaw: z
    .object({
      /** path of the openclaw executable; else `CLAWKEEPER_OPENCLAW_BIN`, else PATH */
      bin: z.string().nullable().default(null),
      /** extra state directories to inspect besides the standard ones */
      extraStateDirs: z.array(z.string()).default([]),
      cliTimeoutMs: z.number().int().min(1000).max(300_000).default(60_000),
    })
    .prefault({}),
  keychain: z
    .object({
      /** macOS: read Claude Code's Keychain item (through `security`, with a timeout) */
      readClaudeItem: z.boolean().default(true),
      timeoutMs: z.number().int().min(500).max(30_000).default(3000),
    })
    .prefault({}),
  notifications: z
    .object({
      enabled: z.boolean().default(true),
      staticWarnDays: z.array(z.number().min(0)).default([14, 3, 1]),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export function staticWarnMs(s: Settings): number {
  return s.health.staticWarnDays * DAY;
}

export interface LoadedSettings {
  readonly settings: Settings;
  readonly path: string;
  /** set when the file exists but could not be used; the defaults are in effect */
  readonly problem: string | null;
  readonly exists: boolean;
}

/** Reads and validates the settings file. A broken file is reported, never rewritten. */
export async function loadSettings(files: Files, path: string): Promise<LoadedSettings> {
  const text = await files.readText(path);
  if (text === null) return { settings: DEFAULT_SETTINGS, path, problem: null, exists: false };
  if (text.trim() === '') return { settings: DEFAULT_SETTINGS, path, problem: null, exists: true };
  const parsed = parseJsonWith(text, SettingsSchema);
  if (!parsed.ok) {
    return {
      settings: DEFAULT_SETTINGS,
      path,
      problem: `settings file ${path} is not valid (${parsed.error}); using defaults until it is fixed`,
      exists: true,
    };
  }
  return { settings: parsed.value, path, problem: null, exists: true };
}

import * as z from 'zod/mini';
import { LinkTargetSchema } from '../formats/link-target.ts';
import type { Files, WritableFiles } from '../../ports/files.ts';
import { AppError } from '../kernel/errors.ts';
import { parseJsonWith } from '../formats/parse.ts';
import { AlertsSettingsSchema } from './alert-settings.ts';

const DAY = 86_400_000;

/**
 * Clawkeeper's settings. Every field has a default, so an empty file (or none) is valid;
 * unknown keys are kept so that a newer version's settings survive an older one.
 */
const num = (min: number, max: number, def: number) =>
  z._default(z.number().check(z.minimum(min), z.maximum(max)), def);
const int = (min: number, max: number, def: number) =>
  z._default(z.int().check(z.minimum(min), z.maximum(max)), def);
const section = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.prefault(z.object(shape), {} as z.input<z.ZodMiniObject<T>>);

/**
 * Clawkeeper's settings. Every field has a default, so an empty file (or none) is valid;
 * unknown keys are kept so that a newer version's settings survive an older one.
 */
export const SettingsSchema = z.looseObject({
  version: z._default(z.literal(1), 1),
  health: section({
    /** a static token nobody renews is `expiring` this many days before its expiry */
    staticWarnDays: num(0, 365, 3),
    /** a login its owner renews is `expiring` only this many minutes before expiry (0: never by time) */
    renewableWarnMinutes: num(0, 1440, 0),
    /** Claude Code's sign-in (refreshTokenExpiresAt) is `expiring` this many days before it ends */
    signInWarnDays: num(0, 90, 3),
  }),
  refresh: section({
    strategy: z._default(z.enum(['peer', 'claude-cli', 'off']), 'peer'),
    leadMinutes: num(1, 480, 60),
    tokenUrl: z._default(z.url(), 'https://platform.claude.com/v1/oauth/token'),
    clientId: z._default(z.string(), '9d1c250a-e61b-44d9-88ed-5944d1962f5e'),
    userAgent: z._default(z.string(), 'claude-cli/2.1 (external, cli)'),
    timeoutMs: int(1000, 120_000, 30_000),
    claudeCliCommand: z._default(z.array(z.string()), ['claude', '-p', 'ok', '--max-turns', '1']),
  }),
  openclaw: section({
    /** path of the openclaw executable; else `CLAWKEEPER_OPENCLAW_BIN`, else PATH */
    bin: z._default(z.nullable(z.string()), null),
    /** extra state directories to inspect besides the standard ones */
    extraStateDirs: z._default(z.array(z.string()), []),
    cliTimeoutMs: int(1000, 300_000, 60_000),
  }),
  sync: section({
    /** keep existing copies of the Claude login (found by discovery) in step automatically */
    autoLinks: z._default(z.boolean(), true),
    /** targets added with `clawkeeper link add` */
    links: z._default(z.array(LinkTargetSchema), []),
    /** how the running gateway picks up a synced token */
    reload: z._default(
      z.enum(['auto', 'off', 'secrets-reload', 'gateway-restart', 'docker', 'command']),
      'auto',
    ),
    reloadCommand: z._default(z.array(z.string()), []),
    dockerComposeDir: z._default(z.nullable(z.string()), null),
    dockerService: z._default(z.string(), 'openclaw-gateway'),
    reloadDebounceMs: int(0, 600_000, 2000),
  }),
  keeper: section({
    /** the adaptive timer never sleeps longer than this */
    maxIntervalMinutes: num(1, 720, 60),
    /** file events closer than this are merged into one check */
    debounceMs: int(0, 10_000, 50),
    backoffBaseMs: int(100, 3_600_000, 30_000),
    backoffMaxMs: int(1000, 86_400_000, 3_600_000),
  }),
  probe: section({
    /** the keeper probes tokens expiry cannot settle (no expiry, OpenClaw auth failures, unknown lineage) */
    enabled: z._default(z.boolean(), true),
    /** each token at most once per this many hours (and again after a wake-up) */
    intervalHours: num(1, 168, 6),
  }),
  api: section({
    /** Anthropic API base for `paste-token --verify` (env `CLAWKEEPER_API_BASE` wins) */
    base: z._default(z.url(), 'https://api.anthropic.com'),
    timeoutMs: int(1000, 120_000, 15_000),
  }),
  keychain: section({
    /** macOS: read Claude Code's Keychain item (through `security`, with a timeout) */
    readClaudeItem: z._default(z.boolean(), true),
    timeoutMs: int(500, 30_000, 3000),
  }),
  notifications: section({
    enabled: z._default(z.boolean(), true),
    staticWarnDays: z._default(z.array(z.number().check(z.minimum(0))), [14, 3, 1]),
  }),
  updates: section({
    /** the tray app checks the release feed and offers new versions */
    check: z._default(z.boolean(), true),
  }),
  /** the daemon's alert channels (ntfy, webhooks, a command, a flag file) */
  alerts: AlertsSettingsSchema,
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
  /** the file could not be parsed or validated at all (a follower keeps the settings in effect) */
  readonly invalid?: boolean;
}

/** Reads and validates the settings file. A broken file is reported, never rewritten. */
export async function loadSettings(files: Files, path: string): Promise<LoadedSettings> {
  let text: string | null;
  try {
    text = await files.readText(path);
  } catch (e: unknown) {
    // a folder or a FIFO in its place, over the size cap, not UTF-8, unreadable: as broken as a
    // typo (every command still runs, and says why), not an internal error
    return {
      settings: DEFAULT_SETTINGS,
      path,
      problem: unreadableProblem(path, e),
      exists: true,
      invalid: true,
    };
  }
  if (text === null) return { settings: DEFAULT_SETTINGS, path, problem: null, exists: false };
  if (text.trim() === '') return { settings: DEFAULT_SETTINGS, path, problem: null, exists: true };
  const parsed = parseJsonWith(text, SettingsSchema);
  if (!parsed.ok) {
    return {
      settings: DEFAULT_SETTINGS,
      path,
      problem: `settings file ${path} is not valid (${parsed.error}); using defaults until it is fixed`,
      exists: true,
      invalid: true,
    };
  }
  const guarded = guardRedirects(parsed.value, await files.stat(path), path);
  return { settings: guarded.settings, path, problem: guarded.problem, exists: true };
}

/** Our own read errors start with the path and say the fix; a system error is named by its code. */
function unreadableProblem(path: string, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const why =
    e instanceof AppError
      ? `settings file ${e.message}`
      : `settings file ${path} cannot be read (${typeof code === 'string' ? code : 'unknown error'})`;
  return `${why}; using defaults until it is fixed`;
}

/**
 * Settings that send a secret somewhere or run a program with it (the token URL, the API base,
 * a reload command) count only when nobody else can write the file: a group- or world-writable
 * settings file could point the refresh at another host. Those settings fall back to their
 * defaults, with a message saying why and how to fix it; everything else stays in effect.
 */
export function guardRedirects(
  s: Settings,
  stat: { mode: number } | null,
  path: string,
): { settings: Settings; problem: string | null } {
  if (!stat || (stat.mode & 0o022) === 0) return { settings: s, problem: null };
  const d = DEFAULT_SETTINGS;
  const changed: string[] = [];
  if (s.refresh.tokenUrl !== d.refresh.tokenUrl) changed.push('refresh.tokenUrl');
  if (s.api.base !== d.api.base) changed.push('api.base');
  if (s.sync.reload === 'command' || s.sync.reloadCommand.length > 0) changed.push('sync.reloadCommand');
  if (changed.length === 0) return { settings: s, problem: null };
  return {
    settings: {
      ...s,
      refresh: { ...s.refresh, tokenUrl: d.refresh.tokenUrl },
      api: { ...s.api, base: d.api.base },
      sync: {
        ...s.sync,
        reload: s.sync.reload === 'command' ? d.sync.reload : s.sync.reload,
        reloadCommand: [],
      },
    },
    problem: `settings file ${path} can be written by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}), so ${changed.join(', ')} ${changed.length > 1 ? 'are' : 'is'} ignored: they decide where tokens go. Run \`chmod 600 ${path}\` to use them`,
  };
}

/**
 * Changes the settings file (ours): validates the result, writes it atomically. A broken file is
 * refused rather than replaced, so a typo never silently loses the user's other settings.
 */
export async function updateSettings(
  files: WritableFiles,
  path: string,
  mutate: (raw: Record<string, unknown>) => void,
): Promise<Settings> {
  const text = await files.readText(path);
  let raw: Record<string, unknown> = {};
  if (text !== null && text.trim() !== '') {
    const parsed = parseJsonWith(text, SettingsSchema);
    if (!parsed.ok)
      throw new AppError(
        'invalid-settings',
        `settings file ${path} is not valid (${parsed.error}); fix it first, Clawkeeper will not overwrite it`,
      );
    raw = JSON.parse(text) as Record<string, unknown>;
  }
  mutate(raw);
  const checked = SettingsSchema.safeParse(raw);
  if (!checked.success)
    throw new AppError(
      'invalid-settings',
      `that change would make the settings invalid (${checked.error.issues[0]?.message ?? 'unknown'})`,
    );
  const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
  if (dir) await files.mkdirp(dir, 0o700);
  await files.writeAtomic(path, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
  return checked.data;
}

/**
 * Settings a running keeper reads only when it starts (the refresh endpoint, the openclaw CLI,
 * the Keychain reader, the API client, remote hosts): the dotted names of those that differ
 * between what it started with and `now`, so a follower can say a restart is needed for them.
 */
export function startOnlyChanges(started: Settings, now: Settings): string[] {
  // [name shown, section, field (null: the whole section)]
  const fields: Array<[string, string, string | null]> = [
    ['refresh.tokenUrl', 'refresh', 'tokenUrl'],
    ['refresh.clientId', 'refresh', 'clientId'],
    ['refresh.userAgent', 'refresh', 'userAgent'],
    ['refresh.timeoutMs', 'refresh', 'timeoutMs'],
    ['openclaw.bin', 'openclaw', 'bin'],
    ['openclaw.cliTimeoutMs', 'openclaw', 'cliTimeoutMs'],
    ['keychain.*', 'keychain', null],
    ['api.*', 'api', null],
    ['hosts', 'hosts', null],
    ['ssh.*', 'ssh', null],
  ];
  const value = (s: Settings, section: string, key: string | null) => {
    const v = (s as unknown as Record<string, Record<string, unknown> | undefined>)[section];
    return JSON.stringify(key === null ? v : v?.[key]);
  };
  return fields
    .filter(([, section, key]) => value(started, section, key) !== value(now, section, key))
    .map(([name]) => name);
}

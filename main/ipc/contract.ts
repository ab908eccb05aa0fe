/**
 * The one IPC contract between main and the window: channel names, a zod schema for every
 * argument, and plain-JSON DTOs. Tokens never travel main → renderer (fingerprints and masked
 * forms only); a pasted token travels once, renderer → main, in `token:validate`/`token:paste`.
 */
import * as z from 'zod/mini';
import type { StatusReport } from '../core/health/report.ts';
import type { HostsSnapshot } from '../core/hosts/host-monitor.ts';
import type {
  DoctorApplyResult,
  DoctorReport,
  KeeperEvent,
  PasteResult,
  TokenVerdict,
} from '../core/contracts.ts';
import type { Settings } from '../core/settings/settings.ts';
import type { createApi } from '../preload/api.ts';

export type {
  DoctorApplyResult,
  DoctorReport,
  KeeperEvent,
  HostsSnapshot,
  PasteResult,
  Settings,
  StatusReport,
  TokenVerdict,
};

// ---- DTOs ---------------------------------------------------------------------------------

/** What the window and tray render: the latest report plus whether keeping is paused. */
export interface AppStatus {
  readonly report: StatusReport | null;
  readonly paused: boolean;
  /** main's clock when this was sent, so countdowns agree with the tray */
  readonly now: number;
  /** the remote hosts (`clawkeeper host add`), each credential tagged with its host; absent: none */
  readonly hosts?: HostsSnapshot | null;
  /** the usage percentages that alert (settings `usage.thresholds`), for the window's meters */
  readonly usageThresholds?: readonly number[];
}

export interface SettingsView {
  readonly settings: Settings;
  readonly startAtLogin: boolean;
  readonly logsDir: string;
}

export type View = 'credentials' | 'timeline' | 'doctor' | 'settings' | 'fix' | 'paste';
export const VIEWS: readonly View[] = ['credentials', 'timeline', 'doctor', 'settings', 'fix', 'paste'];

/** Where main asks the window to go (a notification click, a tray item). */
export interface Navigate {
  readonly view: View;
  readonly credential?: string;
  /** the exact command to copy on the fix view, e.g. `claude /login` */
  readonly command?: string;
  readonly reason?: string;
}

export type IpcErrorCode = 'forbidden' | 'bad-argument' | 'unknown-channel' | 'failed';
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---- argument schemas ---------------------------------------------------------------------

const none = z.undefined();
const label = z.string().check(z.minLength(1), z.maxLength(200));
/** a pasted value: generous bound, whitespace repair happens in main */
const tokenText = z.string().check(z.maxLength(8192));

export const PasteArgsSchema = z.strictObject({
  token: tokenText,
  install: z.optional(label),
  agents: z.optional(z.array(label).check(z.maxLength(100))),
  profileId: z.optional(label),
  expiresInDays: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(3650)))),
  verify: z.optional(z.boolean()),
  asApiKey: z.optional(z.boolean()),
});

/**
 * The settings the window may change. Strict on purpose: a compromised renderer cannot point
 * the refresh at another token URL or change the client id.
 */
export const SettingsPatchSchema = z.strictObject({
  health: z.optional(
    z.strictObject({
      staticWarnDays: z.optional(z.number().check(z.minimum(0), z.maximum(365))),
      renewableWarnMinutes: z.optional(z.number().check(z.minimum(0), z.maximum(1440))),
    }),
  ),
  refresh: z.optional(
    z.strictObject({
      strategy: z.optional(z.enum(['peer', 'claude-cli', 'off'])),
      leadMinutes: z.optional(z.number().check(z.minimum(1), z.maximum(480))),
    }),
  ),
  notifications: z.optional(
    z.strictObject({
      enabled: z.optional(z.boolean()),
      staticWarnDays: z.optional(
        z.array(z.number().check(z.minimum(0), z.maximum(365))).check(z.maxLength(10)),
      ),
    }),
  ),
  gateway: z.optional(
    z.strictObject({
      reloadCommand: z.optional(
        z.nullable(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50))),
      ),
    }),
  ),
  usage: z.optional(
    z.strictObject({
      // the percentages that warn, as the settings file takes them; sorted and each once, as the
      // form sends them (so what is saved reads the way it is shown)
      thresholds: z.optional(
        z.array(z.number().check(z.minimum(1), z.maximum(100))).check(
          z.maxLength(5),
          z.refine((t) => t.every((x, i) => i === 0 || x > t[i - 1]!), 'thresholds: sorted, each once'),
        ),
      ),
    }),
  ),
});

/** One schema per invoke channel, for its single (optional) argument. */
export const INVOKE_SCHEMAS = {
  'status:get': none,
  'events:history': none,
  'keeper:refresh': z.optional(z.strictObject({ force: z.optional(z.boolean()) })),
  'keeper:sync': none,
  'keeper:pause': none,
  'keeper:resume': none,
  'hosts:refresh': none,
  'token:validate': z.strictObject({ token: tokenText }),
  'token:paste': PasteArgsSchema,
  'doctor:get': none,
  'doctor:apply': z.strictObject({
    ids: z.nullable(z.array(label).check(z.maxLength(200))),
    dryRun: z.boolean(),
  }),
  'settings:get': none,
  'settings:update': z.strictObject({
    patch: z.optional(SettingsPatchSchema),
    startAtLogin: z.optional(z.boolean()),
  }),
  'shell:open-logs': none,
  'shell:copy': z.strictObject({ text: z.string().check(z.minLength(1), z.maxLength(2000)) }),
  'shell:open-external': z.strictObject({ url: z.url() }),
} as const;

export type InvokeChannel = keyof typeof INVOKE_SCHEMAS;
export const INVOKE_CHANNELS = Object.keys(INVOKE_SCHEMAS) as InvokeChannel[];
export type InvokeArg<C extends InvokeChannel> = z.input<(typeof INVOKE_SCHEMAS)[C]>;
export type ParsedArg<C extends InvokeChannel> = z.output<(typeof INVOKE_SCHEMAS)[C]>;
export type PasteArgs = z.input<typeof PasteArgsSchema>;
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** What each invoke channel answers with (inside `IpcResult`). */
export interface InvokeResults {
  'status:get': AppStatus;
  'events:history': readonly KeeperEvent[];
  'keeper:refresh': AppStatus;
  'keeper:sync': AppStatus;
  'keeper:pause': AppStatus;
  'keeper:resume': AppStatus;
  'hosts:refresh': AppStatus;
  'token:validate': TokenVerdict;
  'token:paste': PasteResult;
  'doctor:get': DoctorReport;
  'doctor:apply': DoctorApplyResult;
  'settings:get': SettingsView;
  'settings:update': SettingsView;
  'shell:open-logs': null;
  'shell:copy': null;
  'shell:open-external': null;
}

// ---- events main → renderer ---------------------------------------------------------------

export interface EventPayloads {
  'status:changed': AppStatus;
  'keeper:event': KeeperEvent;
  'ui:navigate': Navigate;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = ['status:changed', 'keeper:event', 'ui:navigate'];

/** The `window.clawkeeper` API, derived from the object the preload exposes. */
export type ClawkeeperApi = ReturnType<typeof createApi>;

/**
 * The shapes of every `--json` output and of the settings file, as zod schemas from which the
 * build writes JSON Schema files into `schemas/` (scripts/build.mjs; shipped in the npm package).
 * Only the build and the tests load this file: the CLI itself never pays for it.
 *
 * Objects are open (`looseObject`): an output may gain a field within the same `/<n>`, and a
 * consumer must ignore what it does not know; what is listed is required and typed.
 * To add an output: give it an id in `OUTPUT` (json-output.ts), a schema here, one entry in
 * `OUTPUT_SCHEMAS`, and a case in test/integration/cli/json-schemas.test.ts.
 */
import * as z from 'zod/mini';
import { LinkTargetSchema } from '../core/formats/link-target.ts';
import { SettingsSchema } from '../core/settings/settings.ts';
import { UsageOutputSchema } from '../core/usage/usage-schema.ts';
import { OUTPUT, type OutputSchemaId } from './json-output.ts';

const o = z.looseObject;
const ms = z.number(); // epoch milliseconds
const msOrNull = z.nullable(ms);
const str = z.string();
const strOrNull = z.nullable(str);
const strings = z.array(str);
const exitCode = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const id = <S extends OutputSchemaId>(s: S) => z.literal(s);

const Credential = o({
  id: str,
  location: str,
  source: str,
  install: strOrNull,
  agent: strOrNull,
  profileId: strOrNull,
  provider: strOrNull,
  kind: z.nullable(z.enum(['oauth', 'token', 'api_key'])),
  route: strOrNull,
  owner: str,
  /** ok, expiring, stale-copy, blocked, expired, misconfigured, unreadable, needs-reauth (unreachable for a host) */
  state: str,
  reason: str,
  hint: strOrNull,
  expiresAt: msOrNull,
  refreshable: z.boolean(),
  fingerprint: strOrNull,
  masked: strOrNull,
  copies: strings,
  openclaw: z.nullable(o({})),
  evidence: strings,
  /** whether a gateway sends it (docs/openclaw-resolution.md); absent from older remote hosts */
  sent: z.optional(z.enum(['first', 'fallback', 'never', 'unused'])),
});

/** One thing the gateway may send: a stored profile, a variable, `claude` itself, a config key. */
const RouteStep = o({
  kind: z.enum(['profile', 'env', 'cli', 'config']),
  profileId: strOrNull,
  variable: strOrNull,
  credential: strOrNull,
  fingerprint: strOrNull,
});

/** Per install × agent: what the gateway sends first and falls back to (the resolution model). */
const Route = o({
  install: str,
  agent: str,
  release: strOrNull,
  model: strOrNull,
  provider: strOrNull,
  claude: z.boolean(),
  sends: z.nullable(RouteStep),
  fallbacks: z.array(RouteStep),
  skipped: z.array(o({ credential: strOrNull, profileId: strOrNull, why: str })),
  subscription: z.enum(['first', 'fallback', 'not-sent', 'absent']),
});

const Finding = o({
  check: str,
  severity: z.enum(['error', 'warning', 'info']),
  message: str,
  impact: str,
  hint: str,
  files: strings,
  credentials: strings,
});

const Install = o({
  label: str,
  stateDir: str,
  configPath: str,
  generation: str,
  version: strOrNull,
  agents: strings,
  readVia: str,
  readNotes: strings,
});

/** `status --json` (with `alerts`) and `host status --json` (with `hosts`). */
const Status = o({
  schema: id(OUTPUT.status),
  generatedAt: ms,
  worst: str,
  exitCode,
  credentials: z.array(Credential),
  findings: z.array(Finding),
  installs: z.array(Install),
  routes: z.array(z.extend(Route, { host: z.optional(str) })),
  notes: strings,
  alerts: z.optional(
    o({
      channels: z.array(
        o({ name: str, type: str, target: str, lastDelivery: z.nullable(o({})), queued: z.number() }),
      ),
      flagFiles: z.array(o({ path: str, present: z.boolean() })),
      runBy: z.nullable(o({})),
    }),
  ),
  hosts: z.optional(z.array(o({ name: str, destination: strOrNull, reachable: z.boolean(), worst: str }))),
});

/** One host of `host status --json`, as it answers: its summary and its rows. */
const HostLine = o({
  schema: id(OUTPUT.hostStatus),
  summary: o({
    name: str,
    destination: strOrNull,
    reachable: z.boolean(),
    via: strOrNull,
    worst: str,
    exitCode,
    error: strOrNull,
    failure: strOrNull,
    hint: strOrNull,
    node: strOrNull,
    checkedAt: ms,
    durationMs: z.nullable(z.number()),
  }),
  credentials: z.array(z.extend(Credential, { host: str })),
  findings: z.array(z.extend(Finding, { host: str })),
  installs: z.array(z.extend(Install, { host: str })),
  routes: z.optional(z.array(z.extend(Route, { host: str }))),
  notes: strings,
});

/** The last line of `host status --json`: every host's worst state, in the settings' order. */
const HostSummaryLine = o({
  schema: id(OUTPUT.hostSummary),
  generatedAt: ms,
  worst: str,
  exitCode,
  total: z.number(),
  byState: z.record(str, z.number()),
  hosts: z.array(o({ name: str, worst: str, reachable: z.boolean() })),
  notes: strings,
});

const DoctorFinding = z.extend(Finding, {
  id: str,
  fixable: z.boolean(),
  plan: z.array(o({ description: str, files: strings })),
  manualSteps: strings,
});
const DoctorBody = { generatedAt: ms, exitCode, findings: z.array(DoctorFinding) };
const Doctor = o({ schema: id(OUTPUT.doctor), ...DoctorBody });
const DoctorFix = o({
  schema: id(OUTPUT.doctorFix),
  applied: z.array(o({ id: str, backupIds: strings })),
  failed: z.array(o({ id: str, error: str })),
  after: o(DoctorBody),
});

/** `paste-token --json`: stored (`ok: true`) or refused; with --host, what ran there. */
const PasteToken = o({
  schema: id(OUTPUT.pasteToken),
  ok: z.boolean(),
  error: z.optional(str),
  host: z.optional(str),
  verdict: z.optional(o({ ok: z.boolean(), class: str, message: str, masked: strOrNull })),
  fingerprint: z.optional(str),
  masked: z.optional(str),
  expiresAt: z.optional(msOrNull),
  targets: z.optional(z.array(o({ install: str, agent: str, profileId: str, location: str, via: str }))),
});

const event = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  o({ schema: id(OUTPUT.event), type: z.literal(type), at: ms, ...shape });

/** One line of `watch --json`, `sync --json` and `refresh --json`. */
const Event = z.discriminatedUnion('type', [
  event('status', {
    report: o({
      worst: str,
      exitCode,
      credentials: z.array(o({ id: str, state: str, expiresAt: msOrNull, fingerprint: strOrNull })),
    }),
  }),
  event('refreshed', { credential: str, fingerprint: str, expiresAt: ms }),
  event('refresh-skipped', { credential: str, reason: str }),
  event('refresh-failed', {
    credential: str,
    error: str,
    retryable: z.boolean(),
    attempt: z.number(),
    nextAttemptAt: msOrNull,
  }),
  event('needs-reauth', { credential: str, reason: str, hint: str }),
  event('synced', { link: str, target: str, fingerprint: str, backupId: strOrNull }),
  event('sync-failed', { link: str, target: str, error: str }),
  event('stale-copy', { credential: str, source: str }),
  event('reloaded', { command: str, ok: z.boolean(), detail: str }),
  event('woke', { sleptMs: z.number() }),
  event('paused', {}),
  event('resumed', {}),
  event('error', { message: str }),
  // another release, a migrated store, an agent or state folder come or gone
  event('installation-changed', { changes: strings }),
  event('settings', { kind: str, problem: strOrNull, restartFor: strings }),
  // a copy of the login sent to a host by `watch` (host copy --keep)
  event('host-copy', { host: str, ok: z.boolean() }),
]);

const Links = o({
  schema: id(OUTPUT.links),
  links: z.array(o({ id: str, auto: z.boolean(), target: LinkTargetSchema, description: str })),
});

const Hosts = o({
  schema: id(OUTPUT.hosts),
  hosts: z.array(o({ name: str, destination: str, tags: strings })),
});

const Backup = o({
  id: str,
  createdAt: ms,
  file: str,
  reason: str,
  size: z.number(),
  sha256: str,
  protected: z.optional(z.boolean()),
});
const Backups = o({ schema: id(OUTPUT.backups), backups: z.array(Backup) });
const BackupRestore = o({ schema: id(OUTPUT.backupRestore), ok: z.literal(true), restored: Backup });

const AlertTest = o({
  schema: id(OUTPUT.alertTest),
  results: z.array(
    o({
      name: str,
      type: str,
      target: str,
      outcome: o({ ok: z.boolean(), retryable: z.boolean(), detail: str }),
    }),
  ),
});

/** The settings file as a user writes it (every field optional: each has a default). */
const Settings = z.extend(SettingsSchema, {
  /** where an editor finds this schema; ignored by Clawkeeper */
  $schema: z.optional(str),
});

export interface SchemaEntry {
  /** the `schema` value of the output, or `clawkeeper.settings/1` for the settings file */
  readonly id: string;
  /** the file written into schemas/ */
  readonly file: string;
  readonly title: string;
  readonly schema: z.core.$ZodType;
  /** `input` for a file people write (defaults make fields optional), `output` for what we print */
  readonly io: 'input' | 'output';
}

const entry = (sid: string, title: string, schema: z.core.$ZodType, io: 'input' | 'output' = 'output') => ({
  id: sid,
  file: `${sid.replace(/^clawkeeper\./, '').replace('/', '-')}.schema.json`,
  title,
  schema,
  io,
});

/** Every schema the build writes, one per output (and the settings file). */
export const OUTPUT_SCHEMAS: readonly SchemaEntry[] = [
  entry(OUTPUT.status, 'clawkeeper status --json, host status --json', Status),
  entry(OUTPUT.doctor, 'clawkeeper doctor --json', Doctor),
  entry(OUTPUT.doctorFix, 'clawkeeper doctor --fix --json', DoctorFix),
  entry(OUTPUT.pasteToken, 'clawkeeper paste-token --json', PasteToken),
  entry(OUTPUT.event, 'one line of clawkeeper watch|sync|refresh --json', Event),
  entry(OUTPUT.links, 'clawkeeper link list --json', Links),
  entry(OUTPUT.hosts, 'clawkeeper host list --json, host tag --json', Hosts),
  entry(OUTPUT.backups, 'clawkeeper backup list --json', Backups),
  entry(OUTPUT.backupRestore, 'clawkeeper backup restore ID --json', BackupRestore),
  entry(OUTPUT.alertTest, 'clawkeeper alert test --json', AlertTest),
  entry(OUTPUT.hostStatus, 'one line per host of clawkeeper host status --json', HostLine),
  entry(OUTPUT.hostSummary, 'the last line of clawkeeper host status --json', HostSummaryLine),
  entry(OUTPUT.usage, 'clawkeeper usage --json', UsageOutputSchema),
  entry('clawkeeper.settings/1', 'Clawkeeper settings file (settings.json)', Settings, 'input'),
];

/** The JSON Schema document of one entry, as the build writes it. */
export function jsonSchemaOf(e: SchemaEntry): Record<string, unknown> {
  const generated = z.toJSONSchema(e.schema, { io: e.io, unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: e.file, title: e.title, description: `schema id ${e.id}`, ...rest };
}

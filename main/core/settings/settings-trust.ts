/**
 * What a settings file may decide when another user could have written it. A settings file that
 * is not trusted (`core/kernel/trust.ts`: another user's, a link to one, writable by others, in a
 * folder others can change) still sets the harmless fields listed here: thresholds, intervals,
 * timeouts, switches that only show or hide things. Every other field is steering (it runs a
 * program, picks a URL, a path, a link, a host or an extra state folder) and falls back to its
 * default. The list is of harmless fields, read against the schema itself: a field added later
 * is steering until someone adds it here (default-deny), and unknown top-level keys (`hosts`,
 * `ssh`, a newer version's sections) never count.
 */
import type * as z from 'zod/mini';
import { describeTrustProblem, trustFix, type TrustProblem, type TrustVerdict } from '../kernel/trust.ts';

/** Fields an untrusted settings file still sets: none runs, sends or points at anything. */
export const HARMLESS_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'health.staticWarnDays',
  'health.renewableWarnMinutes',
  'health.signInWarnDays',
  'refresh.leadMinutes',
  'refresh.timeoutMs',
  'openclaw.cliTimeoutMs',
  'sync.reloadDebounceMs',
  'keeper.maxIntervalMinutes',
  'keeper.debounceMs',
  'keeper.backoffBaseMs',
  'keeper.backoffMaxMs',
  'probe.enabled',
  'probe.intervalHours',
  'api.timeoutMs',
  'keychain.readClaudeItem',
  'keychain.timeoutMs',
  'notifications.enabled',
  'notifications.staticWarnDays',
  'updates.check',
  'alerts.quietHours',
  'alerts.hostname',
  'alerts.timeoutMs',
  'alerts.retry.baseMs',
  'alerts.retry.maxMs',
  'alerts.retry.maxQueue',
  'alerts.retry.maxAgeHours',
]);

interface Def {
  type: string;
  innerType?: { _zod: { def: Def } };
  shape?: Record<string, { _zod: { def: Def } }>;
}

/** The object shape under defaults and prefaults, or null for a leaf. */
function shapeOf(def: Def): Record<string, { _zod: { def: Def } }> | null {
  let d = def;
  while ((d.type === 'default' || d.type === 'prefault') && d.innerType) d = d.innerType._zod.def;
  return d.type === 'object' && d.shape ? d.shape : null;
}

/** Every leaf field of a settings schema, dotted (`refresh.tokenUrl`); sections are walked, arrays and unions are leaves. */
export function settingsFields(schema: z.ZodMiniType): string[] {
  const out: string[] = [];
  const walk = (def: Def, prefix: string) => {
    const shape = shapeOf(def);
    if (!shape) {
      out.push(prefix);
      return;
    }
    for (const [key, child] of Object.entries(shape)) walk(child._zod.def, prefix ? `${prefix}.${key}` : key);
  };
  walk((schema as unknown as { _zod: { def: Def } })._zod.def, '');
  return out;
}

/** The schema's fields an untrusted file does not set: every field not known to be harmless. */
export function steeringFields(schema: z.ZodMiniType): string[] {
  return settingsFields(schema).filter((f) => !HARMLESS_FIELDS.has(f));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function getAt(o: unknown, path: readonly string[]): unknown {
  let v = o;
  for (const k of path) v = isObj(v) ? v[k] : undefined;
  return v;
}

function setAt(o: Obj, path: readonly string[], value: unknown): Obj {
  const [head, ...rest] = path;
  if (head === undefined) return o;
  const child = rest.length === 0 ? value : setAt(isObj(o[head]) ? { ...o[head] } : {}, rest, value);
  return { ...o, [head]: child };
}

/**
 * The settings an untrusted file is allowed to give: every steering field at its default, every
 * key the schema does not know dropped. `ignored` names what the file set differently.
 */
export function withoutSteering<S extends Obj>(
  schema: z.ZodMiniType,
  parsed: S,
  defaults: S,
): { settings: S; ignored: string[] } {
  const known = new Set(settingsFields(schema).map((f) => f.split('.')[0]));
  let out: Obj = {};
  const ignored: string[] = [];
  for (const [k, v] of Object.entries(parsed)) {
    if (known.has(k)) out[k] = v;
    else ignored.push(k);
  }
  for (const field of steeringFields(schema)) {
    const path = field.split('.');
    const want = getAt(defaults, path);
    if (JSON.stringify(getAt(out, path)) !== JSON.stringify(want)) ignored.push(field);
    out = setAt(out, path, want);
  }
  return { settings: out as S, ignored };
}

/** One line for `status` (and the follower's log): which file, what is wrong, what is not used, the fix. */
export function untrustedSettingsLine(
  path: string,
  problem: TrustProblem,
  ignored: readonly string[],
  uid: number,
): string {
  const what = describeTrustProblem(problem);
  const dropped = ignored.length
    ? `so ${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored`
    : 'so any setting that runs a program or decides where tokens go would be ignored';
  return `settings file ${path} is not trusted (${what}), ${dropped}: another user could point them at their own programs and servers. Fix: ${trustFix(problem, uid)}`;
}

/** The problem of an untrusted verdict, else null. */
export function problemOf(v: TrustVerdict | null): TrustProblem | null {
  return v && !v.trusted ? v.problem : null;
}

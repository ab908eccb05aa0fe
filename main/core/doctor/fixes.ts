/**
 * The automatic fixes of `clawkeeper doctor --fix`. A fix is planned from a finding and the
 * status report, and re-checks the file inside OpenClaw's lock when applied: if the problem is
 * already gone, nothing is written. Step descriptions never contain secret values.
 */
import { modeAccepts } from '../formats/openclaw-config.ts';
import { chmodFix, edit, orderFix, tightenFix, type Edit, type Fix } from './file-fixes.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import { child, kindOfPath, type Doc } from '../writes/openclaw-writes.ts';
import { rewriteNote } from '../writes/config-in-place.ts';
import type { CredentialReport, Finding, StatusReport } from '../health/report.ts';
import type { FixStep } from '../contracts.ts';
import { verdictFixFor } from './verdict-fixes.ts';

/** Fixes run in this order: value and type changes first, so config fixes see the final type. */
export type { Fix } from './file-fixes.ts';

export const FIX_ORDER = [
  'token-whitespace',
  'oauth-token-as-api-key',
  'api-key-as-token',
  'mode-type-mismatch',
  'provider-mismatch',
  'order-names-missing-profile',
  'last-good-missing-profile',
  'file-permissions',
  'dir-permissions',
  'untrusted-loose',
  'config-profile-no-provider',
  'openclaw-stale-mark',
] as const;

const SECRET_FIELDS = ['token', 'access', 'refresh', 'key', 'apiKey'] as const;

function storeProfile(doc: Doc, pid: string): Doc | null {
  return child(child(doc, 'profiles') ?? {}, pid);
}

function configProfile(doc: Doc, pid: string): Doc | null {
  return child(child(child(doc, 'auth') ?? {}, 'profiles') ?? {}, pid);
}

/** The profile an OpenClaw JSON store holds for this credential, when it is one we may edit. */
function jsonProfile(report: StatusReport, f: Finding): { c: CredentialReport; pid: string } | null {
  const c = report.credentials.find((x) => x.id === f.credentials[0]);
  if (!c || c.source !== 'file' || !c.install || !c.profileId || c.id.endsWith('@json')) return null;
  if (!c.location.endsWith('auth-profiles.json')) return null;
  return { c, pid: c.profileId };
}

function configPathOf(report: StatusReport, c: CredentialReport): string | null {
  return report.installs.find((i) => i.label === c.install)?.configPath ?? null;
}

/** Sets the config's mode for `pid` to `type` when it does not accept it (exists only). */
function configModeEdit(pid: string, type: () => string | null): Edit {
  return (doc) => {
    const p = configProfile(doc, pid);
    const t = type();
    if (!p || t === null || typeof p.mode !== 'string' || modeAccepts(p.mode, t)) return false;
    p.mode = t;
    return true;
  };
}

/** Converts a stored profile to another type, moving the value into that type's field. */
function convert(report: StatusReport, f: Finding, to: 'token' | 'api_key'): Fix | null {
  const j = jsonProfile(report, f);
  const from = to === 'token' ? 'api_key' : 'token';
  if (!j || j.c.kind !== from) return null;
  const cfg = configPathOf(report, j.c);
  const reason = `doctor --fix: ${f.check}`;
  const steps: FixStep[] = [
    {
      description: `store ${j.pid} as type "${to}" (the value moves to "${to === 'token' ? 'token' : 'key'}") in ${j.c.location}`,
      files: [j.c.location],
    },
  ];
  if (cfg)
    steps.push({
      description: `set auth.profiles["${j.pid}"].mode to "${to}" in ${cfg} if it names "${from}"`,
      files: [cfg],
    });
  return {
    steps,
    async apply(writer) {
      const ids = await edit(writer, j.c.location, reason, (doc) => {
        const p = storeProfile(doc, j.pid);
        if (!p || p.type !== from) return false;
        const value = to === 'token' ? (p.key ?? p.apiKey) : p.token;
        if (typeof value !== 'string') return false;
        delete p.key;
        delete p.apiKey;
        delete p.token;
        if (to === 'api_key') delete p.expires;
        p.type = to;
        p[to === 'token' ? 'token' : 'key'] = value;
        return true;
      });
      if (cfg)
        ids.push(
          ...(await edit(
            writer,
            cfg,
            reason,
            configModeEdit(j.pid, () => to),
          )),
        );
      return ids;
    },
  };
}

/** Reads the stored type of a profile now (it may have changed since the plan was made). */
async function storedType(writer: JsonUpdateDeps, file: string, pid: string): Promise<string | null> {
  const text = await writer.files.readText(file);
  try {
    const t = storeProfile(JSON.parse(text ?? '{}') as Doc, pid)?.type;
    return typeof t === 'string' ? t : null;
  } catch {
    return null;
  }
}

/** The automatic fix for a finding, or null when a human must act. */
export function fixFor(f: Finding, report: StatusReport): Fix | null {
  const reason = `doctor --fix: ${f.check}`;
  switch (f.check) {
    case 'mode-type-mismatch':
    case 'provider-mismatch': {
      const c = report.credentials.find((x) => x.id === f.credentials[0]);
      const cfg = c ? configPathOf(report, c) : null;
      if (!c || !cfg || !c.profileId || !c.kind) return null;
      const pid = c.profileId;
      if (f.check === 'provider-mismatch') {
        const provider = c.provider;
        if (!provider) return null;
        return {
          steps: [
            {
              description: `set auth.profiles["${pid}"].provider to "${provider}" (as stored) in ${cfg}`,
              files: [cfg],
            },
          ],
          apply: (writer) =>
            edit(writer, cfg, reason, (doc) => {
              const p = configProfile(doc, pid);
              if (!p || p.provider === provider || typeof p.provider !== 'string') return false;
              p.provider = provider;
              return true;
            }),
        };
      }
      const file = c.source === 'file' ? c.location : null;
      // A stored OAuth copy of Claude Code's login under a config that says "token": making the
      // config say "oauth" would turn on a full copy (OpenClaw would spend Claude Code's refresh
      // token and the two would log each other out). Only `link add --full` does that, with its
      // warning; the fix makes the stored profile the token copy the config asks for.
      if (c.kind === 'oauth' && c.copies.includes('claude-code') && file?.endsWith('auth-profiles.json'))
        return {
          steps: [
            {
              description: `store ${pid} as a token copy (type "token", the access token only; the refresh token is removed so OpenClaw cannot spend Claude Code's) in ${file}, matching the config's mode; a full OAuth copy is only ever turned on by \`clawkeeper link add --full\``,
              files: [file],
            },
          ],
          apply: (writer) =>
            edit(writer, file, reason, (doc) => {
              const p = storeProfile(doc, pid);
              if (!p || p.type !== 'oauth' || typeof p.access !== 'string') return false;
              const { access } = p;
              delete p.access;
              delete p.refresh;
              p.type = 'token';
              p.token = access;
              return true;
            }),
        };
      return {
        steps: [
          {
            description: `set auth.profiles["${pid}"].mode to "${c.kind}" (the stored type) in ${cfg}`,
            files: [cfg],
          },
        ],
        async apply(writer) {
          const now = file ? ((await storedType(writer, file, pid)) ?? c.kind) : c.kind;
          return edit(
            writer,
            cfg,
            reason,
            configModeEdit(pid, () => now),
          );
        },
      };
    }
    case 'token-whitespace': {
      const j = jsonProfile(report, f);
      if (!j) return null;
      return {
        steps: [
          {
            description: `remove the spaces and line breaks inside the stored value of ${j.pid} in ${j.c.location}`,
            files: [j.c.location],
          },
        ],
        apply: (writer) =>
          edit(writer, j.c.location, reason, (doc) => {
            const p = storeProfile(doc, j.pid);
            let changed = false;
            for (const k of SECRET_FIELDS) {
              const v = p?.[k];
              if (p && typeof v === 'string' && /\s/.test(v)) {
                p[k] = v.replace(/\s+/g, '');
                changed = true;
              }
            }
            return changed;
          }),
      };
    }
    case 'oauth-token-as-api-key':
      return convert(report, f, 'token');
    case 'api-key-as-token':
      return convert(report, f, 'api_key');
    case 'order-names-missing-profile':
      return orderFix(f, 'remove');
    case 'last-good-missing-profile':
      return orderFix(f, 'last-good');
    case 'file-permissions':
      return chmodFix(f, 0o600, true);
    case 'dir-permissions':
      return chmodFix(f, 0o700, false);
    case 'untrusted-loose':
      return tightenFix(f);
    default:
      return verdictFixFor(f, report);
  }
}

/**
 * The configs the plans would write that cannot be edited in place (JSON5-only syntax, as the
 * discovery's one parse of each config found): each such plan gets one more step saying the file
 * will be rewritten as plain JSON, so `--dry-run` and `--fix` say it before anything is written.
 */
export function withRewriteNotes<F extends { readonly plan: readonly FixStep[] }>(
  findings: readonly F[],
  notInPlace: ReadonlySet<string>,
): { findings: F[]; rewrites: string[] } {
  const paths = new Set(
    findings.flatMap((f) => f.plan.flatMap((s) => s.files)).filter((p) => kindOfPath(p) === 'config'),
  );
  const rewrites = [...paths].filter((p) => notInPlace.has(p));
  return {
    rewrites,
    findings: findings.map((f) => {
      const hit = rewrites.filter((p) => f.plan.some((s) => s.files.includes(p)));
      return hit.length === 0
        ? f
        : { ...f, plan: [...f.plan, ...hit.map((p) => ({ description: rewriteNote(p), files: [p] }))] };
    }),
  };
}

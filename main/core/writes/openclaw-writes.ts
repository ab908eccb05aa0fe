/**
 * Edits of OpenClaw's JSON files (`openclaw.json`, `auth-profiles.json`, `auth-state.json`)
 * through `updateJsonFile`: OpenClaw's lock, re-read inside it, backup, atomic 0600 write.
 * Mutators work on the document as written, so unknown keys and key order survive.
 */
import JSON5 from 'json5';
import { parseAuthProfiles, parseAuthState } from '../formats/auth-profiles.ts';
import { modeAccepts, parseOpenClawConfig } from '../formats/openclaw-config.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Parsed } from '../formats/parse.ts';
import { updateJsonFile, type JsonUpdateDeps, type JsonUpdateResult } from './update-text-file.ts';

export type Doc = Record<string, unknown>;

export type OpenClawFileKind = 'config' | 'profiles' | 'state';

const PARSERS: Record<OpenClawFileKind, (text: string) => Parsed<unknown>> = {
  config: parseOpenClawConfig,
  profiles: parseAuthProfiles,
  state: parseAuthState,
};

/** `parent[key]` as an object, created when `create` is set; null when absent or not an object. */
export function child(parent: Doc, key: string, create = false): Doc | null {
  const v = parent[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Doc;
  if (!create || v !== undefined) return null;
  const made: Doc = {};
  parent[key] = made;
  return made;
}

/** Which kind of OpenClaw file a path is, by its name. */
export function kindOfPath(path: string): OpenClawFileKind {
  if (path.endsWith('auth-profiles.json')) return 'profiles';
  if (path.endsWith('auth-state.json')) return 'state';
  return 'config';
}

/**
 * Applies `mutate` to an OpenClaw JSON file; `mutate` returns false when nothing needs to
 * change (then nothing is written and no backup is taken). A missing file starts from
 * `initial` (or is left alone when there is none). The config is read as JSON5 and written as
 * plain JSON, as OpenClaw does: comments in it are lost, which is why it is written only when needed.
 */
export async function editOpenClawFile(
  writer: JsonUpdateDeps,
  path: string,
  mutate: (doc: Doc) => boolean,
  opts: { reason: string; kind?: OpenClawFileKind; initial?: () => Doc },
): Promise<JsonUpdateResult> {
  const kind = opts.kind ?? kindOfPath(path);
  return updateJsonFile<Doc>(
    writer,
    path,
    (text): Parsed<Doc> => PARSERS[kind](text) as Parsed<Doc>,
    (current) => {
      if (current === null && !opts.initial) return false;
      const doc = current ?? opts.initial!();
      return mutate(doc) || current === null ? doc : false;
    },
    { reason: opts.reason, ...(kind === 'config' ? { raw: (t: string): unknown => JSON5.parse(t) } : {}) },
  );
}

/**
 * Makes the config's `auth.profiles[id]` agree with a stored type, and only when it disagrees:
 * the gateway restarts on config changes and a rewrite loses JSON5 comments. Returns whether it wrote.
 */
export async function reconcileConfigProfile(
  writer: JsonUpdateDeps,
  install: OpenClawInstall,
  profileId: string,
  type: string,
  notes: string[],
): Promise<boolean> {
  if (install.config.status === 'missing') return false;
  if (install.config.status === 'unreadable') {
    notes.push(`${install.configPath} could not be parsed, so its auth.profiles entry was not checked.`);
    return false;
  }
  const entry = install.config.value.auth?.profiles?.[profileId];
  if (!entry) return false;
  const wrongMode = (p: Doc) => typeof p.mode === 'string' && !modeAccepts(p.mode, type);
  const wrongProvider = (p: Doc) => typeof p.provider === 'string' && p.provider !== 'anthropic';
  if (!wrongMode(entry) && !wrongProvider(entry)) return false;
  const r = await editOpenClawFile(
    writer,
    install.configPath,
    (doc) => {
      const p = child(child(child(doc, 'auth') ?? {}, 'profiles') ?? {}, profileId);
      if (!p || (!wrongMode(p) && !wrongProvider(p))) return false;
      if (wrongMode(p)) p.mode = type;
      if (wrongProvider(p)) p.provider = 'anthropic';
      return true;
    },
    { reason: `paste-token ${profileId}: config mode`, kind: 'config' },
  );
  if (r.changed)
    notes.push(
      `${install.configPath}: auth.profiles["${profileId}"] now agrees with the stored type "${type}" (rewritten as plain JSON; backup ${r.backupId ?? 'none'}).`,
    );
  return r.changed;
}

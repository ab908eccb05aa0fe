/**
 * Edits of OpenClaw's JSON files (`openclaw.json`, `auth-profiles.json`, `auth-state.json`)
 * through `updateJsonFile`: OpenClaw's lock, re-read inside it, backup, atomic 0600 write.
 * Mutators work on the document as written, so unknown keys and key order survive.
 */
import { parseAuthProfiles, parseAuthState } from '../formats/auth-profiles.ts';
import { modeAccepts, parseOpenClawConfig, readOpenClawConfig } from '../formats/openclaw-config.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Parsed } from '../formats/parse.ts';
import {
  updateJsonFile,
  updateTextFile,
  type JsonUpdateDeps,
  type JsonUpdateResult,
} from './update-text-file.ts';
import { editInPlace } from './config-in-place.ts';
import { AppError } from '../kernel/errors.ts';

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
 * `initial` (or is left alone when there is none). The config (JSON5) is edited in place,
 * keeping comments and layout, wherever its syntax allows; otherwise it is rewritten as plain
 * JSON (as OpenClaw itself writes it) and the result says so (`rewritten`).
 */
export async function editOpenClawFile(
  writer: JsonUpdateDeps,
  path: string,
  mutate: (doc: Doc) => boolean,
  opts: { reason: string; kind?: OpenClawFileKind; initial?: () => Doc },
): Promise<JsonUpdateResult & { rewritten?: boolean }> {
  const kind = opts.kind ?? kindOfPath(path);
  if (kind === 'config') {
    let rewritten = false;
    const r = await updateTextFile(
      writer,
      path,
      (text) => {
        if (text === null) {
          if (!opts.initial) return false;
          const doc = opts.initial();
          mutate(doc);
          return JSON.stringify(doc, null, 2) + '\n';
        }
        // the one parse of this read: the document, its shape checked, and where its objects are
        const parsed = readOpenClawConfig(text, { spans: true });
        if (!parsed.ok)
          throw new AppError(
            'unreadable',
            `${path} could not be parsed (${parsed.error}); it was left untouched`,
          );
        const { document } = parsed.value;
        const doc = structuredClone(document.doc) as Doc;
        if (!mutate(doc)) return false;
        const inPlace = editInPlace(text, document, doc);
        if (inPlace !== null) return inPlace;
        rewritten = true;
        return JSON.stringify(doc, null, 2) + '\n';
      },
      { reason: opts.reason },
    );
    return r.changed ? { ...r, rewritten } : r;
  }
  return updateJsonFile<Doc>(
    writer,
    path,
    (text): Parsed<Doc> => PARSERS[kind](text) as Parsed<Doc>,
    (current) => {
      if (current === null && !opts.initial) return false;
      const doc = current ?? opts.initial!();
      return mutate(doc) || current === null ? doc : false;
    },
    { reason: opts.reason },
  );
}

/**
 * Makes the config's `auth.profiles[id]` agree with a stored type, and only when it disagrees:
 * the gateway restarts on config changes. Returns whether it wrote.
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
      `${install.configPath}: auth.profiles["${profileId}"] now agrees with the stored type "${type}" (${'rewritten' in r && r.rewritten ? 'rewritten as plain JSON: its JSON5 syntax cannot be edited in place, so its comments are gone' : 'edited in place, comments kept'}; backup ${r.backupId ?? 'none'}).`,
    );
  return r.changed;
}

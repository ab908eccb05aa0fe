/** Fixes of auth order entries and permissions, and the pieces every fix shares. */
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import { child, editOpenClawFile, kindOfPath, type Doc } from '../writes/openclaw-writes.ts';
import type { Finding } from '../health/report.ts';
import type { FixStep } from '../contracts.ts';

export interface Fix {
  readonly steps: readonly FixStep[];
  /** applies the fix; returns the ids of the backups taken */
  apply(writer: JsonUpdateDeps): Promise<string[]>;
}

export type Edit = (doc: Doc) => boolean;

/** One locked, backed-up edit of an OpenClaw JSON file; returns the backup ids taken. */
export async function edit(
  writer: JsonUpdateDeps,
  file: string,
  reason: string,
  mutate: Edit,
): Promise<string[]> {
  const r = await editOpenClawFile(writer, file, mutate, { reason });
  return r.changed && r.backupId ? [r.backupId] : [];
}

export function orderFix(f: Finding, what: 'remove' | 'last-good'): Fix | null {
  const file = f.files[0];
  if (!file || !f.subject) return null;
  const { provider, profileId } = f.subject;
  const inConfig = kindOfPath(file) === 'config';
  const where = inConfig ? 'auth.order' : 'order';
  const description =
    what === 'remove'
      ? `remove "${profileId}" from ${where}["${provider}"] in ${file}`
      : `remove lastGood["${provider}"] ("${profileId}") from ${file}`;
  return {
    steps: [{ description, files: [file] }],
    apply: (writer) =>
      edit(writer, file, `doctor --fix: ${f.check}`, (doc) => {
        if (what === 'last-good') {
          const lg = child(doc, 'lastGood');
          if (!lg || lg[provider] !== profileId) return false;
          delete lg[provider];
          return true;
        }
        const order = child(inConfig ? (child(doc, 'auth') ?? {}) : doc, 'order');
        const raw: unknown = order?.[provider];
        const list = Array.isArray(raw) ? (raw as unknown[]) : null;
        if (!order || !list || !list.includes(profileId)) return false;
        const rest = list.filter((x) => x !== profileId);
        if (rest.length === 0) delete order[provider];
        else order[provider] = rest;
        return true;
      }),
  };
}

export function chmodFix(f: Finding, mode: number, isFile: boolean): Fix | null {
  const path = f.files[0];
  if (!path) return null;
  const octal = mode.toString(8);
  return {
    steps: [
      {
        description: `chmod ${octal} ${path}${isFile ? ' (the old mode is kept with the backup)' : ''}`,
        files: [path],
      },
    ],
    async apply(writer) {
      const st = await writer.files.stat(path);
      if (!st || (st.mode & 0o077) === 0) return [];
      const ids: string[] = [];
      const text = isFile ? await writer.files.readText(path) : null;
      if (text !== null)
        ids.push(
          (await writer.backups.save(path, text, `doctor --fix: ${f.check}`, { mode: st.mode & 0o777 })).id,
        );
      await writer.files.chmod(path, mode);
      return ids;
    },
  };
}

/**
 * The fix of a path another user could change that is the user's own (the trust boundary,
 * `untrusted-loose`): group and others lose write access, nothing else changes. A path of another
 * user is never chmodded or chowned (those findings are `untrusted-path`, fixed by hand).
 */
export function tightenFix(f: Finding): Fix | null {
  const path = f.files[0];
  if (!path) return null;
  return {
    steps: [{ description: `chmod go-w ${path} (only you, and root, can change it then)`, files: [path] }],
    async apply(writer) {
      const st = await writer.files.stat(path);
      if (!st || (st.mode & 0o022) === 0) return [];
      await writer.files.chmod(path, st.mode & 0o755);
      return [];
    },
  };
}

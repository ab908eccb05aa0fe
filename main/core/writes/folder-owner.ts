/**
 * A file Clawkeeper creates must be readable by the gateway, which runs as the owner of its
 * folders: in a folder of another user the new file (and any folder made for it) takes that
 * owner and group, which only root can give. Anyone else is refused here, before a lock, a
 * folder or a byte is created; the file adapter enforces the same rule at the write itself.
 */
import { dirname } from 'node:path';
import type { Files } from '../../ports/files.ts';
import { AppError } from '../kernel/errors.ts';

/** The nearest folder of `path` that exists (the one a new file or folder would be made in). */
async function nearestExisting(files: Files, path: string): Promise<string> {
  let at = dirname(path);
  while (!(await files.stat(at).catch(() => null))) {
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

/** Throws when creating `path` (a file that does not exist yet) would leave it owned by the wrong user. */
export async function refuseForeignFolder(files: Files, path: string, uid: number | null): Promise<void> {
  if (uid === null || uid === 0 || (await files.stat(path).catch(() => null))) return;
  const folder = await nearestExisting(files, path);
  const st = await files.stat(folder).catch(() => null);
  if (st && st.uid !== uid)
    throw new AppError(
      'write-failed',
      `${folder} belongs to uid ${st.uid}; a file created there by uid ${uid} could not be given that owner, so the gateway running as uid ${st.uid} could not read it. Nothing was created. Run Clawkeeper as uid ${st.uid} (or as root).`,
    );
}

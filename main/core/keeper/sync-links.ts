import { toAppError } from '../kernel/errors.ts';
import { runInLanes } from '../kernel/lanes.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import type { Link } from './links.ts';
import type { HeldCredential } from '../writes/target-guard.ts';
import { syncLink, type CliSync, type LoginSnapshot, type SyncResult } from './sync.ts';

/**
 * How many different files one sync writes at once. Each write waits mostly on its fsyncs, so a
 * few in flight fill the disk's queue; beyond 16 the gain is gone and OpenClaw's locks on many
 * stores are held longer for nothing.
 */
export const SYNC_PARALLEL = 16;

export type LinkOutcome =
  | { readonly link: Link; readonly ok: true; readonly result: SyncResult }
  | { readonly link: Link; readonly ok: false; readonly error: string };

/**
 * Brings every link in step with `login`. Different files are written in parallel (each still
 * under its owner's lock, read, backed up and replaced atomically), the links of one file
 * (symlinks resolved) one after another, and every target written through the openclaw CLI one
 * after another (each is a heavy process writing the same database). The backups of the run are
 * indexed once, at its end. `onOutcome` sees the outcomes in the order of `links`.
 */
export async function syncLinks(
  deps: JsonUpdateDeps,
  links: readonly Link[],
  login: LoginSnapshot,
  runCli: CliSync | null,
  onOutcome: (o: LinkOutcome) => void,
  /** what a CLI-written target holds now (read from its store), so it is guarded and not re-pasted */
  heldFor: (link: Link) => HeldCredential | null | undefined = () => undefined,
): Promise<LinkOutcome[]> {
  const keyed = await Promise.all(
    links.map(async (link) => ({
      link,
      key:
        link.target.kind === 'openclaw-cli'
          ? 'openclaw-cli'
          : `file:${await deps.files.realPath(link.target.file)}`,
    })),
  );
  return deps.backups.batch(() =>
    runInLanes(
      keyed,
      (k) => k.key,
      SYNC_PARALLEL,
      async ({ link }): Promise<LinkOutcome> => {
        try {
          const held = heldFor(link);
          const opts = held !== undefined ? { held } : {};
          return { link, ok: true, result: await syncLink(deps, link, login, runCli, opts) };
        } catch (e: unknown) {
          return { link, ok: false, error: toAppError(e).message };
        }
      },
      (_, o) => onOutcome(o),
    ),
  );
}

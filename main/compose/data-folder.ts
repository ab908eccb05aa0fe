/**
 * Clawkeeper's data folder at start: made private before anything in it is read. A
 * folder of ours looser than 0700 is tightened, one that is not ours (or under a folder others can
 * change) is refused as a whole; its own folders are checked the same way, and what is not ours is
 * moved aside (`<name>.untrusted-<time>`), said at once and by a finding until it is removed.
 */
import { resolve } from 'node:path';
import type { NodeWritableFiles } from '../adapters/node/node-writable-files.ts';
import { movedAside, securePrivateFolder, tidyPrivateFolder } from '../adapters/node/private-folder.ts';
import { toAppError } from '../core/kernel/errors.ts';
import { printable } from '../core/kernel/printable.ts';
import type { TrustProblem } from '../core/kernel/trust.ts';
import type { Finding } from '../core/health/report.ts';
import type { PathTrust } from '../ports/trust.ts';

/** What the start found about the data folder. */
export interface DataFolderTrust {
  /** why it is not used at all, else null */
  readonly refused: TrustProblem | null;
  /** folders of ours that were open to other users and were tightened to 0700 */
  readonly tightened: string[];
  /** things that were not ours, moved out of the way: one line each */
  readonly asides: string[];
}

/** The folders Clawkeeper keeps in its data dir. */
const PRIVATE_SUBFOLDERS = ['logs', 'backups', 'alerts', 'ssh'];

/** Makes the data dir private (see the module comment); the files adapter enforces it from then on. */
export async function secureDataFolder(
  files: NodeWritableFiles,
  dataDir: string,
  trust: PathTrust,
): Promise<DataFolderTrust> {
  const state: DataFolderTrust = { refused: null, tightened: [], asides: [] };
  if (trust.uid === null) return state;
  const uid = trust.uid;
  const root = resolve(dataDir);
  const secured = await securePrivateFolder(root, trust).catch((e: unknown) => ({
    refused: {
      kind: 'unreadable' as const,
      path: root,
      code: (e as { code?: string }).code ?? toAppError(e).code,
    },
    tightened: null,
  }));
  const out: DataFolderTrust = { ...state, refused: secured.refused };
  // said at once, whatever the command (one line each): someone could write here
  const say = (line: string) => process.stderr.write(`clawkeeper: ${printable(line)}\n`);
  const tightened = (dir: string) => {
    out.tightened.push(dir);
    say(`${dir} was open to other users: tightened to 0700`);
  };
  if (secured.tightened) tightened(secured.tightened);
  const onAside = (from: string, to: string, why: string) => {
    const line = `${from} was not Clawkeeper's (${why}): moved aside to ${to}; read it before removing it`;
    out.asides.push(line);
    say(line);
  };
  files.setPrivateFolder({ dir: root, refused: secured.refused, uid }, onAside);
  if (secured.refused) return out;
  // backups are checked as each is read (there may be many); the rest before anything reads them
  // (the ssh folder holds sockets of ours: control-dir.ts removes anyone else's when it picks it)
  await tidyPrivateFolder(root, uid, PRIVATE_SUBFOLDERS, ['logs', 'alerts'], onAside, tightened);
  return out;
}

/**
 * What was moved aside and is still there: a finding until the user has read and removed it, so
 * `status` and `doctor` keep saying that someone planted something.
 */
export async function movedAsideFindings(data: DataFolderTrust, dataDir: string): Promise<Finding[]> {
  if (data.refused) return [];
  const found = await movedAside(resolve(dataDir), PRIVATE_SUBFOLDERS);
  return found.map((path) => ({
    check: 'untrusted-moved-aside',
    severity: 'warning' as const,
    message: `${path} was moved aside: it was not Clawkeeper's (a link, or another user's file or folder, in its data folder)`,
    impact: 'Clawkeeper did not use it. Someone could write into the data folder when it was put there.',
    hint: `Read it to see who put it there, then remove it: rm -r '${path}'`,
    files: [path],
    credentials: [],
  }));
}

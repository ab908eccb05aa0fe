import { join, resolve } from 'node:path';
import { toAppError } from '../../core/kernel/errors.ts';
import { describeTrustProblem, trustFix, type TrustProblem } from '../../core/kernel/trust.ts';
import type { Logger } from '../../ports/logger.ts';
import type { PathTrust } from '../../ports/trust.ts';
import { createSafeLogger } from './file-logger.ts';
import { securePrivateFolder } from './private-folder.ts';
import { NodePathTrust } from './trust.ts';

/** The tray's log and what its folder's check found. */
export interface TrayLog {
  readonly logger: Logger & { file: string };
  /** why nothing is written to the file (its folder is not the user's alone), else null */
  readonly refused: TrustProblem | null;
  /** lines to say once the logger exists: a folder tightened, a folder refused (with the fix) */
  readonly notes: string[];
}

/**
 * The tray app's log (`main.log` in the platform's log folder, e.g. `~/.config/Clawkeeper/logs`),
 * behind the same trust boundary as the CLI's: the folder is checked like the data folder
 * (tightened to 0700 if it is the user's and looser, refused as a whole if another user owns it or
 * could change a folder above it), and the file is written by `SafeLogFile` (no links followed,
 * checked on the descriptor, another user's file moved aside). electron-log's own file transport
 * is never used: it followed links and chmodded through them. A refused folder leaves the console
 * transport only; `notes` says why and how to fix it.
 */
export async function createTrayLogger(
  logsDir: string,
  opts: {
    console: 'info' | 'warn' | false;
    trust?: PathTrust;
    onProblem?: (message: string) => void;
  },
): Promise<TrayLog> {
  const dir = resolve(logsDir);
  const trust = opts.trust ?? new NodePathTrust();
  const notes: string[] = [];
  let refused: TrustProblem | null = null;
  // Windows: no POSIX owners to check (the profile's ACLs decide), as everywhere else
  if (trust.uid !== null) {
    const uid = trust.uid;
    const secured = await securePrivateFolder(dir, trust).catch(
      (e: unknown): { refused: TrustProblem; tightened: null } => ({
        refused: {
          kind: 'unreadable',
          path: dir,
          code: (e as { code?: string } | null)?.code ?? toAppError(e).code,
        },
        tightened: null,
      }),
    );
    refused = secured.refused;
    if (secured.tightened) notes.push(`${dir} was open to other users: tightened to 0700`);
    if (refused) {
      // `doctor` does not look at the tray's log folder: the fix is the command alone
      const fix = trustFix(refused, uid).replace(' (`clawkeeper doctor --fix`)', '');
      notes.push(`the log folder ${dir} is not used: ${describeTrustProblem(refused)}. Fix: ${fix}`);
    }
  }
  const logger = createSafeLogger(join(dir, 'main.log'), {
    console: opts.console,
    off: refused !== null,
    ...(opts.onProblem ? { onProblem: opts.onProblem } : {}),
  });
  return { logger, refused, notes };
}

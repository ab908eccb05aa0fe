import { chmod, lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTrustProblem } from '../../core/kernel/trust.ts';
import type { PathTrust } from '../../ports/trust.ts';

/**
 * Where ssh's control sockets live (connection reuse). A control socket is a door into an open
 * ssh session: whoever can connect to it runs commands on the host as the user, and reads what
 * Clawkeeper sends through it (a setup-token on `paste-token --host`). So the folder is private
 * and the user's own, checked with the trust rule, never a predictable name another user could
 * make first. Its path must fit the kernel's limit for a Unix socket path.
 */
export interface ControlDirChoice {
  /** the folder, or null: connection reuse is off */
  readonly dir: string | null;
  /** why reuse is off (said once by `host`), else null */
  readonly why: string | null;
}

/** `sun_path` is 104 bytes on macOS and the BSDs, 108 on Linux, the terminating NUL included. */
export function socketLimit(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 108 : 104;
}

/**
 * Whether sockets in `dir` fit: ssh names them with `%C` (40 hex characters) and first binds a
 * temporary `<name>.<16 random characters>` before renaming it into place.
 */
export function socketFits(dir: string, platform: NodeJS.Platform): boolean {
  const longest = Buffer.byteLength(dir) + 1 + 40 + 1 + 16;
  return longest + 1 <= socketLimit(platform);
}

/** Makes (0700) or tightens a folder of the user's own; false when it is not theirs or not a folder. */
async function ownFolder(dir: string, uid: number | null): Promise<boolean> {
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
    if ((e as { code?: string }).code !== 'EEXIST') throw e;
  });
  const s = await lstat(dir);
  if (!s.isDirectory() || (uid !== null && s.uid !== uid)) return false;
  if ((s.mode & 0o077) !== 0) await chmod(dir, 0o700);
  return true;
}

/**
 * The first private folder that fits: `$XDG_RUNTIME_DIR/clawkeeper-ssh` (the user's own tmpfs on
 * systemd machines), `<data dir>/ssh`, `<temp dir>/clawkeeper-ssh-<uid>`, else a fresh folder with
 * a random name in the temp dir. Each is made 0700 (or tightened) and must then pass the trust rule
 * (theirs, no folder above it that others can change but the sticky temp dir). None fits, or
 * Windows (its OpenSSH has no ControlMaster): reuse is off, and `why` says so.
 */
export async function chooseControlDir(opts: {
  platform: NodeJS.Platform;
  vars: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  trust: PathTrust;
  tmp?: string;
}): Promise<ControlDirChoice> {
  if (opts.platform === 'win32')
    return {
      dir: null,
      why: "Windows' OpenSSH has no connection reuse (ControlMaster); each call connects anew",
    };
  const tmp = opts.tmp ?? tmpdir();
  const uid = opts.trust.uid;
  const candidates = [
    ...(opts.vars.XDG_RUNTIME_DIR ? [join(opts.vars.XDG_RUNTIME_DIR, 'clawkeeper-ssh')] : []),
    join(opts.dataDir, 'ssh'),
    join(tmp, `clawkeeper-ssh-${uid ?? 'user'}`),
  ];
  const refused: string[] = [];
  for (const dir of candidates) {
    if (!socketFits(dir, opts.platform)) continue;
    const ok = await usable(dir, opts.trust, uid).catch(
      (e: unknown) => `cannot be made (${(e as { code?: string }).code ?? 'error'})`,
    );
    if (ok === null) return { dir, why: null };
    refused.push(`${dir}: ${ok}`);
  }
  // the predictable names were taken or unsafe: a name nobody could have guessed
  const fresh = join(tmp, 'ck-ssh-');
  if (socketFits(fresh + 'XXXXXX', opts.platform)) {
    const made = await mkdtemp(fresh).catch(() => null);
    if (made !== null && (await usable(made, opts.trust, uid).catch(() => 'unusable')) === null)
      return { dir: made, why: null };
  }
  return {
    dir: null,
    why: `no private folder short enough for ssh's control sockets (${socketLimit(opts.platform)}-byte limit)${refused.length ? `; refused: ${refused.join('; ')}` : ''}; each call connects anew`,
  };
}

/**
 * Null when `dir` is a private folder of the user's own that passes the trust rule; else why not.
 * A socket someone else left in it while it was open is removed: ssh would talk to it as to its
 * own master (the client does not check who listens).
 */
async function usable(dir: string, trust: PathTrust, uid: number | null): Promise<string | null> {
  if (!(await ownFolder(dir, uid))) return 'not a folder of yours';
  const v = await trust.check(dir, 'dir');
  if (!v.trusted) return describeTrustProblem(v.problem);
  for (const name of await readdir(dir)) {
    const s = await lstat(join(dir, name)).catch(() => null);
    if (s && uid !== null && s.uid !== uid) await rm(join(dir, name), { force: true, recursive: true });
  }
  return null;
}

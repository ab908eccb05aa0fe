/**
 * The PATH of a stand-in remote machine: `node`, and either the built clawkeeper or an openclaw
 * stand-in. Each wrapper first writes every process's argv (/proc/<pid>/cmdline) to a snapshot
 * file: taken while the local ssh client and the remote session are alive, it shows what `ps`
 * would show on both sides at that moment.
 */
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BIN } from '../helpers/run-cli.ts';

export const REMOTE_OPENCLAW = fileURLToPath(new URL('./remote-openclaw-standin.mjs', import.meta.url));

const snapshot = (file: string) =>
  `for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < "$f" 2>/dev/null; echo; done >> '${file}'`;

export async function remoteBin(
  dir: string,
  o: { clawkeeper: boolean; openclaw: boolean; snapshotFile: string | null },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await symlink(process.execPath, join(dir, 'node'));
  const write = async (name: string, body: string) => {
    await writeFile(
      join(dir, name),
      `#!/bin/sh\n${o.snapshotFile ? snapshot(o.snapshotFile) : ''}\n${body}\n`,
    );
    await chmod(join(dir, name), 0o755);
  };
  if (o.clawkeeper) await write('clawkeeper', `exec '${process.execPath}' '${BIN}' "$@"`);
  if (o.openclaw) await write('openclaw', `exec '${process.execPath}' '${REMOTE_OPENCLAW}' "$@"`);
  return dir;
}

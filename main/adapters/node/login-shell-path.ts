/**
 * macOS starts an app from Finder, the Dock or at login with launchd's
 * `PATH=/usr/bin:/bin:/usr/sbin:/sbin`, so `openclaw` and `claude` (Homebrew, npm -g, nvm)
 * are not found although the terminal CLI finds them. The user's login shell knows the real
 * PATH: ask it once, with a timeout (a slow or broken shell profile must not hang the app),
 * and put its entries in front of the ones we have.
 */
import type { ProcessRunner } from '../../ports/process-runner.ts';

const MARK = '__CLAWKEEPER_PATH__';
export const LOGIN_SHELL_TIMEOUT_MS = 5000;

/** The PATH an interactive login shell prints, or null (no shell, timeout, garbage). */
export async function readLoginShellPath(
  runner: ProcessRunner,
  shell: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = LOGIN_SHELL_TIMEOUT_MS,
): Promise<string | null> {
  // markers cut away whatever the profile prints; fish joins "$PATH" with ':' too
  const r = await runner.run(shell, ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`], {
    env,
    timeoutMs,
  });
  if (r.timedOut || r.spawnError !== null) return null;
  const m = new RegExp(`${MARK}(.*?)${MARK}`, 's').exec(r.stdout);
  const path = m?.[1]?.trim() ?? '';
  return path === '' || path.includes('\n') ? null : path;
}

/** `first`'s entries, then `rest`'s that were not in it (order kept, duplicates dropped). */
export function mergePath(first: string, rest: string | undefined, delimiter = ':'): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...first.split(delimiter), ...(rest ?? '').split(delimiter)])
    if (p !== '' && !seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  return out.join(delimiter);
}

const asked = new Map<string, Promise<string | null>>();

/**
 * The PATH a GUI-launched app should use on `platform`: on macOS the login shell's merged
 * with the inherited one (the shell runs at most once per process), elsewhere the inherited.
 */
export async function guiPath(o: {
  platform: NodeJS.Platform;
  runner: ProcessRunner;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}): Promise<string | undefined> {
  const inherited = o.env['PATH'];
  if (o.platform !== 'darwin') return inherited;
  const shell = o.env['SHELL'] !== undefined && o.env['SHELL'] !== '' ? o.env['SHELL'] : '/bin/zsh';
  let p = asked.get(shell);
  if (p === undefined) {
    p = readLoginShellPath(o.runner, shell, o.env, o.timeoutMs);
    asked.set(shell, p);
  }
  const login = await p;
  return login === null ? inherited : mergePath(login, inherited);
}

/**
 * How to start a program on this OS. On Windows, npm installs `claude` and `openclaw` as
 * `.cmd` shims: since Node 20.12.2 (CVE-2024-27980) `spawn` refuses `.cmd`/`.bat` without a
 * shell (`EINVAL`), and an extension-less name finds only `.exe` (`ENOENT`). So a shim runs
 * through `cmd.exe /d /s /c` with every argument quoted and its metacharacters escaped twice
 * (once for this cmd.exe, once for the one the npm shim starts), the way cross-spawn does.
 * Elsewhere the program is spawned as it is.
 */
export interface SpawnPlan {
  readonly file: string;
  readonly args: readonly string[];
  /** Windows only: pass the command line to cmd.exe untouched */
  readonly windowsVerbatimArguments: boolean;
}

const META = /([()\][%!^"`<>&|;, *?])/g;

/** One argument for cmd.exe + an npm shim: CommandLineToArgvW quoting, then `^` escapes. */
export function cmdArgument(arg: string): string {
  let a = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  a = `"${a}"`;
  return a.replace(META, '^$1').replace(META, '^$1');
}

/** The program path for cmd.exe: metacharacters escaped once. */
export function cmdCommand(path: string): string {
  return path.replace(META, '^$1');
}

/** Whether Windows needs cmd.exe for this file. */
export function needsShell(file: string): boolean {
  return /\.(cmd|bat)$/i.test(file);
}

/** The plan for `file args` on `platform`; `comSpec` is `%ComSpec%` (cmd.exe) on Windows. */
export function spawnPlan(
  file: string,
  args: readonly string[],
  platform: NodeJS.Platform,
  comSpec = 'cmd.exe',
): SpawnPlan {
  if (platform !== 'win32' || !needsShell(file)) return { file, args, windowsVerbatimArguments: false };
  const line = [cmdCommand(file), ...args.map(cmdArgument)].join(' ');
  return { file: comSpec, args: ['/d', '/s', '/c', `"${line}"`], windowsVerbatimArguments: true };
}

/** Windows executable suffixes to try for an extension-less name, from PATHEXT. */
export function pathExts(platform: NodeJS.Platform, pathExt: string | undefined): string[] {
  if (platform !== 'win32') return [''];
  const fromEnv = (pathExt ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.startsWith('.'));
  return [...fromEnv, ''];
}

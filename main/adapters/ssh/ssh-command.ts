/**
 * The OpenSSH client as Clawkeeper calls it: the user's ssh (CLAWKEEPER_SSH or the `ssh.command`
 * setting, as GIT_SSH_COMMAND for git), so their keys, agent, ssh_config and known_hosts apply.
 * Clawkeeper adds only BatchMode (never a prompt), strict host key checking (forced on: it comes
 * first, and ssh keeps the first value of an option), a connect timeout and connection reuse.
 */
import { parse } from 'shell-quote';
import { AppError } from '../../core/kernel/errors.ts';

export interface SshOptions {
  /** the ssh program and the user's own options, e.g. `['ssh', '-F', '/path/config']` */
  readonly command: readonly string[];
  readonly connectTimeoutSeconds: number;
  /** ControlMaster/ControlPersist: one TCP+SSH handshake per host for a while */
  readonly reuse: boolean;
  readonly persistSeconds: number;
  /** a private (0700) folder for the control sockets */
  readonly controlDir: string;
}

/** Splits a CLAWKEEPER_SSH value into words the way a shell would, refusing shell syntax. */
export function parseSshCommand(text: string, vars: Readonly<Record<string, string | undefined>>): string[] {
  const words: string[] = [];
  for (const w of parse(text, (key) => vars[key] ?? '')) {
    if (typeof w !== 'string')
      throw new AppError(
        'invalid-settings',
        'CLAWKEEPER_SSH must be an ssh command and its options (like GIT_SSH_COMMAND), without pipes, redirections or ;',
      );
    words.push(w);
  }
  if (words.length === 0) throw new AppError('invalid-settings', 'CLAWKEEPER_SSH is empty');
  checkSshWords(words);
  return words;
}

/** Refuses options that would turn host key checking off: Clawkeeper never does that. */
export function checkSshWords(words: readonly string[]): void {
  const joined = words.join(' ').replace(/\s*=\s*/g, '=');
  if (/stricthostkeychecking[= ]+(no|off|false)\b/i.test(joined))
    throw new AppError(
      'invalid-settings',
      'the ssh command turns StrictHostKeyChecking off; Clawkeeper never connects without checking the host key. Remove that option (the first connection: run `ssh <destination>` once in a terminal and accept the key)',
    );
}

const HOST = /^(\[[0-9A-Fa-f:.%a-z]+\]|[A-Za-z0-9_.%-]+)$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/**
 * Checks an ssh destination: `user@server`, `ssh://user@server:port` or an ssh_config alias.
 * A leading `-` would be read by ssh as an option (`-oProxyCommand=…`), so it is refused.
 */
export function validateDestination(dest: string): string | null {
  if (dest.length === 0 || dest.length > 255) return 'the destination is empty or too long';
  if (dest.startsWith('-')) return 'a destination cannot start with "-"';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f'"`$;&|<>\\]/.test(dest))
    return 'a destination holds no spaces, quotes or shell characters';
  let rest = dest;
  if (rest.startsWith('ssh://')) {
    rest = rest.slice('ssh://'.length).replace(/\/$/, '');
    const port = /:(\d+)$/.exec(rest);
    if (port) {
      const n = Number(port[1]);
      if (n < 1 || n > 65535) return 'the port must be 1-65535';
      rest = rest.slice(0, port.index);
    }
  } else if (rest.includes('://')) return 'only ssh:// URLs are destinations';
  const at = rest.lastIndexOf('@');
  const user = at >= 0 ? rest.slice(0, at) : null;
  const host = at >= 0 ? rest.slice(at + 1) : rest;
  if (user !== null && !USER.test(user)) return `"${user}" is not a user name`;
  if (!HOST.test(host)) return `"${host}" is not a host name`;
  return null;
}

/** The full argv of one ssh call: forced options, the user's, our defaults, then `-- dest cmd`. */
export function sshArgv(
  opts: SshOptions,
  dest: string,
  remoteCommand: string,
): { bin: string; args: string[] } {
  const [bin = 'ssh', ...userWords] = opts.command;
  const reuse = opts.reuse
    ? [
        '-o',
        'ControlMaster=auto',
        '-o',
        controlPathOption(opts.controlDir),
        '-o',
        `ControlPersist=${opts.persistSeconds}`,
      ]
    : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
  return {
    bin,
    args: [
      // forced: first value wins in ssh, so nothing later can turn these off
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      ...userWords,
      // defaults: the user's own options above win over these
      '-o',
      `ConnectTimeout=${opts.connectTimeoutSeconds}`,
      '-o',
      'ServerAliveInterval=15',
      '-o',
      'ServerAliveCountMax=2',
      ...reuse,
      '-T',
      '--',
      dest,
      remoteCommand,
    ],
  };
}

/**
 * `ControlPath=…` for `-o`: ssh splits an option's value at spaces (macOS's data folder is under
 * `Application Support`) unless it is double-quoted, which ssh_config syntax allows.
 */
export function controlPathOption(dir: string): string {
  return /[\s]/.test(dir) ? `ControlPath="${dir}/%C"` : `ControlPath=${dir}/%C`;
}

/** How a user would run ssh by hand to this destination (for hints): their command, no our options. */
export function manualSsh(opts: SshOptions, dest: string): string {
  return [...opts.command, dest].map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back (for shown commands only; never used to build remote commands). */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command prefixes that reach a gateway inside a container or a pod with its engine's own
 * `exec`, no sshd inside: the remote words follow the prefix unchanged (no shell in between on
 * this side). Every preset keeps stdin open (`-i`; compose attaches it by default and `-T` turns
 * off its TTY), because a token travels on stdin only, never in argv or the environment.
 */
import type { ExecTarget } from '../../ports/remote-shell.ts';

/** The program and the words before the remote command. */
export function execPrefix(t: ExecTarget): { bin: string; args: string[] } {
  switch (t.engine) {
    case 'docker':
      return { bin: 'docker', args: ['exec', '-i', t.target] };
    case 'podman':
      return { bin: 'podman', args: ['exec', '-i', t.target] };
    case 'compose':
      return {
        bin: 'docker',
        args: [
          'compose',
          ...(t.projectDir ? ['--project-directory', t.projectDir] : []),
          'exec',
          '-T',
          t.target,
        ],
      };
    case 'kubectl':
      return {
        bin: 'kubectl',
        args: [
          'exec',
          '-i',
          ...(t.namespace ? ['-n', t.namespace] : []),
          t.target,
          ...(t.container ? ['-c', t.container] : []),
          '--',
        ],
      };
  }
}

/** How a person opens a shell there by hand (for hints). */
export function execManual(t: ExecTarget): string[] {
  const { bin, args } = execPrefix(t);
  // the same prefix with a terminal: -it for the engines, compose's default (a TTY) without -T
  const tty = args.map((a) => (a === '-i' ? '-it' : a)).filter((a) => a !== '-T');
  return [bin, ...tty, 'sh'];
}

/** The human name of a target, also its `destination` in settings and reports. */
export function execDestination(t: ExecTarget): string {
  switch (t.engine) {
    case 'kubectl':
      return `kubectl:${t.namespace ? `${t.namespace}/` : ''}${t.target}${t.container ? `:${t.container}` : ''}`;
    case 'compose':
      return `compose:${t.target}`;
    default:
      return `${t.engine}:${t.target}`;
  }
}

import type { Secret } from '../core/kernel/secret.ts';

/** Why a remote host could not be asked (the transport's own failure, not the remote command's). */
export interface RemoteFailure {
  readonly kind:
    | 'host-key-changed'
    | 'host-key-unknown'
    | 'auth-failed'
    | 'unreachable'
    | 'timeout'
    | 'ssh-missing'
    | 'client-missing'
    | 'failed';
  readonly message: string;
  /** the command the user runs to fix it */
  readonly hint: string;
  /** the transport's own first error line */
  readonly detail: string;
  /** the exact command that reproduces the failure by hand (our options included, `true` as the command) */
  readonly reproduce: string;
}

export type RemoteRun =
  | { ok: true; code: number | null; stdout: string; stderr: string; durationMs: number }
  | { ok: false; failure: RemoteFailure; durationMs: number };

/**
 * What to run there: `line` for a transport that hands one command line to a remote shell (ssh),
 * `argv` for one that executes words directly (`docker exec`, `kubectl exec`). Both say the same.
 */
export interface RemoteCommand {
  readonly line: string;
  readonly argv: readonly string[];
}

/** Containers and pods reached with their engine's own exec (no sshd inside). */
export interface ExecTarget {
  readonly engine: 'docker' | 'compose' | 'podman' | 'kubectl';
  /** the container, compose service or pod */
  readonly target: string;
  /** kubectl: the namespace (null: the context's own) */
  readonly namespace: string | null;
  /** kubectl: the container in the pod (null: its default) */
  readonly container: string | null;
  /** compose: the project folder on this machine */
  readonly projectDir: string | null;
}

/** The part of a host a transport needs: ssh's destination, or a container to exec into. */
export interface RemoteHostRef {
  readonly name: string;
  readonly destination: string;
  readonly exec?: ExecTarget | null;
}

/** Runs a fixed command on a host (over ssh, or exec into a container); a secret goes only to stdin. */
export interface RemoteShell {
  run(
    host: RemoteHostRef,
    command: RemoteCommand,
    opts: { input?: Secret; timeoutMs: number },
  ): Promise<RemoteRun>;
  /** the exact local argv, for `--dry-run` */
  argv(host: RemoteHostRef, command: RemoteCommand): string[];
  /** how the user would connect by hand (for hints) */
  manual(host: RemoteHostRef): string;
  /** the exact local command that reproduces a connection (`true` as the remote command) */
  reproduce(host: RemoteHostRef): string;
}

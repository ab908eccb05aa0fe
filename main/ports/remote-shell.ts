import type { Secret } from '../core/kernel/secret.ts';

/** Why a remote host could not be asked (ssh's own failure, not the remote command's). */
export interface RemoteFailure {
  readonly kind:
    'host-key-changed' | 'host-key-unknown' | 'auth-failed' | 'unreachable' | 'timeout' | 'ssh-missing';
  readonly message: string;
  /** the command the user runs to fix it */
  readonly hint: string;
  readonly detail: string;
}

export type RemoteRun =
  | { ok: true; code: number | null; stdout: string; stderr: string; durationMs: number }
  | { ok: false; failure: RemoteFailure; durationMs: number };

/** Runs a fixed remote command on a host over ssh; a secret goes only to stdin. */
export interface RemoteShell {
  run(
    host: { name: string; destination: string },
    command: string,
    opts: { input?: Secret; timeoutMs: number },
  ): Promise<RemoteRun>;
  /** the exact local argv, for `--dry-run` */
  argv(host: { destination: string }, command: string): string[];
  /** how the user would connect by hand (for hints) */
  manual(host: { destination: string }): string;
}

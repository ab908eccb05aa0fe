/**
 * Which program runs, for its environment: each gets an allow-list (PATH, HOME, locale, …) plus
 * the variables it reads by name, never the whole environment (`adapters/node/child-env.ts`).
 */
export type ChildProgram =
  /** `openclaw` (status, paste-token, secrets reload, gateway restart) */
  | 'openclaw'
  /** `claude` (the claude-cli refresh strategy) */
  | 'claude'
  /** an alert channel's command: CLAWKEEPER_ALERT_* come with the message */
  | 'alert'
  /** the gateway reload: openclaw, docker compose or the user's command */
  | 'reload'
  /** the OpenSSH client */
  | 'ssh'
  /** a container engine's CLI reaching a gateway in a container: docker, podman, kubectl */
  | 'container'
  /** the OS's own tools: `security`, `systemctl --user`, `launchctl`, `schtasks`, the login shell */
  | 'system';

export interface RunOptions {
  /** the variables to choose from (the daemon's environment plus this run's own); default the process's */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** whose allow-list applies (default `system`: the base list only) */
  readonly program?: ChildProgram;
  /**
   * the program was named by a setting or a variable (an alert command, `openclaw.bin`, …): it
   * runs only when its file passes the trust rule, else the run fails with `spawnError: 'untrusted'`
   */
  readonly named?: boolean;
  /** written to stdin, then stdin is closed (secrets go here, never in argv) */
  readonly input?: string;
  readonly timeoutMs: number;
  readonly cwd?: string;
}

export interface RunResult {
  /** exit code, or null when killed */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** set when the program could not be started at all (ENOENT, EACCES) */
  readonly spawnError: string | null;
  readonly durationMs: number;
}

/** Runs a program with a hard timeout; the child is killed when it expires. */
export interface ProcessRunner {
  run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult>;
  /** Absolute path of an executable on PATH, or null. */
  which(name: string, pathEnv: string | undefined): Promise<string | null>;
}

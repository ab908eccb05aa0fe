export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
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

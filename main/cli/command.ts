export interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown };
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** One `clawkeeper <name>` command. `run` returns the exit code and never prints a token. */
export interface Command {
  readonly name: string;
  /** one line: `status [--json] [--check] [--agent ID]` */
  readonly usage: string;
  /** indented help text shown under the usage line */
  readonly summary: string;
  run(args: string[], io: Io): Promise<number>;
}

export class UsageError extends Error {}

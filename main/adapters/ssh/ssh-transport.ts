import { mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Secret } from '../../core/kernel/secret.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';
import { controlPathOption, manualSsh, shellWord, sshArgv, type SshOptions } from './ssh-command.ts';
import { classifySshFailure } from './ssh-errors.ts';
import type { RemoteCommand, RemoteHostRef, RemoteRun, RemoteShell } from '../../ports/remote-shell.ts';

export type SshRun = RemoteRun;

/**
 * Runs fixed remote commands through the system's OpenSSH client. A secret goes only to ssh's
 * stdin, which ssh hands to the remote command's stdin: never argv, never the environment.
 */
export class SshTransport implements RemoteShell {
  #dirReady: Promise<void> | null = null;

  constructor(
    private readonly runner: ProcessRunner,
    readonly opts: SshOptions,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** The exact local argv for a remote command (what `--dry-run` shows). */
  argv(host: RemoteHostRef, command: RemoteCommand): string[] {
    const { bin, args } = sshArgv(this.opts, host.destination, command.line);
    return [bin, ...args];
  }

  manual(host: RemoteHostRef): string {
    return manualSsh(this.opts, host.destination);
  }

  reproduce(host: RemoteHostRef): string {
    const { bin, args } = sshArgv(this.opts, host.destination, 'true');
    return [bin, ...args].map(shellWord).join(' ');
  }

  async run(
    host: RemoteHostRef,
    command: RemoteCommand,
    opts: { input?: Secret; timeoutMs: number },
  ): Promise<SshRun> {
    const { name, destination: dest } = host;
    if (this.opts.reuse) await this.#ensureControlDir();
    const { bin, args } = sshArgv(this.opts, dest, command.line);
    const r = await this.runner.run(bin, args, {
      env: this.env,
      timeoutMs: opts.timeoutMs,
      ...(opts.input ? { input: opts.input.reveal() } : {}),
    });
    const failure = classifySshFailure(r, {
      name,
      manual: this.manual(host),
      reproduce: this.reproduce(host),
      timeoutSeconds: Math.round(opts.timeoutMs / 1000),
      connectTimeoutSeconds: this.opts.connectTimeoutSeconds,
    });
    if (failure) return { ok: false, failure, durationMs: r.durationMs };
    return { ok: true, code: r.code, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs };
  }

  /** Ends the shared connection to a destination now (tests, `host remove`). */
  async close(dest: string): Promise<void> {
    if (!this.opts.reuse) return;
    const [bin = 'ssh', ...userWords] = this.opts.command;
    await this.runner.run(
      bin,
      [...userWords, '-o', controlPathOption(this.opts.controlDir), '-O', 'exit', '--', dest],
      { env: this.env, timeoutMs: 5000 },
    );
  }

  #ensureControlDir(): Promise<void> {
    this.#dirReady ??= (async () => {
      await mkdir(this.opts.controlDir, { recursive: true, mode: 0o700 });
      await chmod(this.opts.controlDir, 0o700);
    })();
    return this.#dirReady;
  }
}

/**
 * A folder for control sockets: `<data dir>/ssh` when the socket path fits the 104-byte limit of
 * Unix sockets (the `%C` name is 40 characters), else a private folder under the temp dir.
 */
export function controlDirFor(dataDir: string, uid: number | null): string {
  const preferred = join(dataDir, 'ssh');
  if (preferred.length + 42 <= 100) return preferred;
  return join(tmpdir(), `clawkeeper-ssh-${uid ?? 'user'}`);
}

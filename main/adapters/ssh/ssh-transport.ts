import { mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Secret } from '../../core/kernel/secret.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';
import { controlPathOption, manualSsh, shellWord, sshArgv, type SshOptions } from './ssh-command.ts';
import { classifySshFailure } from './ssh-errors.ts';
import type { RemoteCommand, RemoteHostRef, RemoteRun, RemoteShell } from '../../ports/remote-shell.ts';
import type { ControlDirChoice } from './control-dir.ts';

export type SshRun = RemoteRun;

/**
 * Runs fixed remote commands through the system's OpenSSH client. A secret goes only to ssh's
 * stdin, which ssh hands to the remote command's stdin: never argv, never the environment.
 */
export class SshTransport implements RemoteShell {
  #chosen: Promise<SshOptions> | null = null;
  #known: SshOptions | null = null;

  /**
   * `chooseDir` (with reuse on) picks the private folder for control sockets on the first call
   * (control-dir.ts); none fits, or none can be trusted: reuse is off and `onNotice` says why once.
   */
  constructor(
    private readonly runner: ProcessRunner,
    readonly opts: SshOptions,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly chooseDir: (() => Promise<ControlDirChoice>) | null = null,
    private readonly onNotice: (message: string) => void = () => undefined,
  ) {}

  /** The exact local argv for a remote command (what `--dry-run` shows). */
  argv(host: RemoteHostRef, command: RemoteCommand): string[] {
    const { bin, args } = sshArgv(this.#known ?? this.opts, host.destination, command.line);
    return [bin, ...args];
  }

  manual(host: RemoteHostRef): string {
    return manualSsh(this.opts, host.destination);
  }

  /** The command that shows the same transport failure by hand (our options, `true` remotely). */
  reproduce(host: RemoteHostRef): string {
    const { bin, args } = sshArgv(this.#known ?? this.opts, host.destination, 'true');
    return [bin, ...args].map(shellWord).join(' ');
  }

  async run(
    host: RemoteHostRef,
    command: RemoteCommand,
    opts: { input?: Secret; timeoutMs: number },
  ): Promise<SshRun> {
    const { name, destination: dest } = host;
    const effective = await this.#options();
    const { bin, args } = sshArgv(effective, dest, command.line);
    const r = await this.runner.run(bin, args, {
      env: this.env,
      program: 'ssh',
      named: true,
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
    const effective = await this.#options();
    if (!effective.reuse) return;
    const [bin = 'ssh', ...userWords] = this.opts.command;
    await this.runner.run(
      bin,
      [...userWords, '-o', controlPathOption(effective.controlDir), '-O', 'exit', '--', dest],
      { env: this.env, program: 'ssh', named: true, timeoutMs: 5000 },
    );
  }

  #options(): Promise<SshOptions> {
    this.#chosen ??= (async () => {
      let o: SshOptions = this.opts;
      if (o.reuse && this.chooseDir) {
        const c = await this.chooseDir().catch((e: unknown) => ({
          dir: null,
          why: `no private folder for ssh's control sockets (${(e as { code?: string }).code ?? 'error'}); each call connects anew`,
        }));
        if (c.why) this.onNotice(`ssh connection reuse is off: ${c.why}`);
        o = c.dir ? { ...o, controlDir: c.dir } : { ...o, reuse: false };
      } else if (o.reuse) {
        await mkdir(o.controlDir, { recursive: true, mode: 0o700 });
        await chmod(o.controlDir, 0o700);
      }
      this.#known = o;
      return o;
    })();
    return this.#chosen;
  }
}

/**
 * The preferred folder for control sockets before the first call checks it: `<data dir>/ssh`
 * (`chooseControlDir` in control-dir.ts decides, with the trust rule and the socket path limit).
 */
export function controlDirFor(dataDir: string): string {
  return join(dataDir, 'ssh');
}

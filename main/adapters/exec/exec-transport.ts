/**
 * A remote host reached through a command prefix (`docker exec -i NAME`, `kubectl exec -i POD --`,
 * …, exec-presets.ts): the remote words are passed as argv to the engine, which runs them in the
 * container without a shell on this side. A secret goes only to the engine's stdin, which it hands
 * to the command inside: never argv, never the environment.
 */
import type { Secret } from '../../core/kernel/secret.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';
import type {
  ExecTarget,
  RemoteCommand,
  RemoteHostRef,
  RemoteRun,
  RemoteShell,
} from '../../ports/remote-shell.ts';
import { AppError } from '../../core/kernel/errors.ts';
import { shellWord } from '../ssh/ssh-command.ts';
import { classifyExecFailure } from './exec-errors.ts';
import { execManual, execPrefix } from './exec-presets.ts';

function targetOf(host: RemoteHostRef): ExecTarget {
  if (!host.exec) throw new AppError('internal', `${host.name} is not a container host`);
  return host.exec;
}

export class ExecTransport implements RemoteShell {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  argv(host: RemoteHostRef, command: RemoteCommand): string[] {
    const { bin, args } = execPrefix(targetOf(host));
    return [bin, ...args, ...command.argv];
  }

  manual(host: RemoteHostRef): string {
    return execManual(targetOf(host)).map(shellWord).join(' ');
  }

  reproduce(host: RemoteHostRef): string {
    const { bin, args } = execPrefix(targetOf(host));
    return [bin, ...args, 'true'].map(shellWord).join(' ');
  }

  async run(
    host: RemoteHostRef,
    command: RemoteCommand,
    opts: { input?: Secret; timeoutMs: number },
  ): Promise<RemoteRun> {
    const target = targetOf(host);
    const { bin, args } = execPrefix(target);
    const r = await this.runner.run(bin, [...args, ...command.argv], {
      env: this.env,
      timeoutMs: opts.timeoutMs,
      ...(opts.input ? { input: opts.input.reveal() } : {}),
    });
    const failure = classifyExecFailure(r, {
      name: host.name,
      target,
      bin,
      reproduce: this.reproduce(host),
      timeoutSeconds: Math.round(opts.timeoutMs / 1000),
    });
    if (failure) return { ok: false, failure, durationMs: r.durationMs };
    return { ok: true, code: r.code, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs };
  }
}

/**
 * Remote hosts as the CLI and the tray use them: the status of each host on its own (a slow or
 * unreachable host never holds up the others or this machine), and the remote fixes (paste a
 * setup-token, doctor, service install), each shown before it runs. Every call goes through one
 * bounded pool (`ssh.parallel`).
 */
import { AppError } from '../kernel/errors.ts';
import type { Secret } from '../kernel/secret.ts';
import type { RemoteRun, RemoteShell } from '../../ports/remote-shell.ts';
import { hostAddCommand, type Host, type SshSettings } from './host-settings.ts';
import { unreachablePart, type HostPart } from './host-report.ts';
import { parseRemoteStatus } from './host-status-parse.ts';
import { hostPool, type HostPool } from './host-pool.ts';
import {
  doctorPlan,
  frames,
  pastePlan,
  probePlan,
  reloadPlan,
  serviceInstallPlan,
  statusPlan,
  type RemotePasteOptions,
  type RemotePlan,
  type RemoteTool,
} from './host-plan.ts';
import { redact } from '../kernel/redact.ts';
import { firstLine } from './host-status-parse.ts';

export interface PlannedCall {
  readonly plan: RemotePlan;
  /** the exact local argv (ssh with its options, or the container's exec), for `--dry-run` */
  readonly argv: readonly string[];
}

export interface CallResult {
  readonly plan: RemotePlan;
  readonly ok: boolean;
  readonly code: number | null;
  /** the remote's output, masked */
  readonly stdout: string;
  readonly stderr: string;
  readonly error: string | null;
  readonly hint: string | null;
  /** when the transport itself failed: the command that shows the same failure by hand */
  readonly reproduce: string | null;
}

export class HostClient {
  readonly pool: HostPool;

  constructor(
    private readonly shell: RemoteShell,
    private readonly ssh: Pick<SshSettings, 'commandTimeoutSeconds' | 'parallel'>,
    private readonly now: () => number,
    pool?: HostPool,
  ) {
    this.pool = pool ?? hostPool(ssh.parallel);
  }

  planned(host: Host, plan: RemotePlan): PlannedCall {
    return { plan, argv: this.shell.argv(host, plan) };
  }

  /** One host's status; `timeoutMs` overrides `ssh.commandTimeoutSeconds` for this call. */
  async status(host: Host, timeoutMs?: number): Promise<HostPart> {
    const plan = statusPlan(host);
    const r = await this.#run(host, plan, timeoutMs ?? this.#timeout());
    if (!r.ok) return unreachablePart(host, r.failure, this.now(), r.durationMs);
    // the script prints its first frame before anything else: none at all means it never ran
    // (the transport failed in a way it did not name), so say what it said, not "a bad shell"
    if (frames(r.stdout).length === 0 && r.code !== 0) {
      const said = firstLine(r.stderr);
      return unreachablePart(
        host,
        {
          kind: 'failed',
          message: `could not run the status command on ${host.name} (exit ${r.code ?? 'killed'})${said ? `: ${said}` : ''}`,
          hint: `reproduce it: \`${this.shell.reproduce(host)}\``,
          reproduce: this.shell.reproduce(host),
        },
        this.now(),
        r.durationMs,
      );
    }
    return parseRemoteStatus(host, r.stdout, this.now(), r.durationMs);
  }

  /** Every host, at most `ssh.parallel` at once; `onPart` sees each as it arrives. */
  async statusAll(
    hosts: readonly Host[],
    onPart?: (p: HostPart) => void,
    timeoutMs?: number,
  ): Promise<HostPart[]> {
    return Promise.all(
      hosts.map(async (h) => {
        const p = await this.status(h, timeoutMs);
        onPart?.(p);
        return p;
      }),
    );
  }

  /** Which tool answers on the host: its own clawkeeper, else openclaw. */
  async via(host: Host): Promise<{ via: RemoteTool; node: string | null }> {
    const part = await this.status(host);
    if (!part.summary.reachable)
      throw new AppError(
        'network',
        `${part.summary.error ?? 'unreachable'}; ${part.summary.hint ?? ''}`.trim(),
      );
    if (part.summary.via === 'clawkeeper' || part.summary.via === 'openclaw')
      return { via: part.summary.via, node: part.summary.node };
    throw new AppError(
      'not-found',
      part.summary.error ?? `neither clawkeeper nor openclaw answers on ${host.name}`,
    );
  }

  pastePlans(host: Host, via: RemoteTool, o: RemotePasteOptions, reload: boolean): PlannedCall[] {
    const plans = [pastePlan(host, via, o)];
    if (reload) plans.push(reloadPlan(host));
    return plans.map((p) => this.planned(host, p));
  }

  doctorPlans(host: Host, via: RemoteTool, fix: boolean): PlannedCall[] {
    return [this.planned(host, doctorPlan(host, via, fix))];
  }

  async probe(host: Host): Promise<{ node: string | null; clawkeeper: string | null }> {
    const r = await this.#call(host, probePlan(host));
    if (!r.ok) throw new AppError('network', `${r.error ?? 'failed'}${r.hint ? `; ${r.hint}` : ''}`);
    const fs = frames(r.stdout);
    return {
      node: fs.find((f) => f.key === 'node')?.value || null,
      clawkeeper: fs.find((f) => f.key === 'clawkeeper')?.value || null,
    };
  }

  servicePlans(host: Host): PlannedCall[] {
    return [this.planned(host, serviceInstallPlan(host))];
  }

  /** Runs planned calls in order; stops at the first failure. The token goes to stdin only. */
  async execute(host: Host, calls: readonly PlannedCall[], token: Secret | null): Promise<CallResult[]> {
    const out: CallResult[] = [];
    for (const c of calls) {
      if (c.plan.stdin === 'token' && token === null)
        throw new AppError('internal', 'a token plan without a token');
      const r = await this.#call(host, c.plan, c.plan.stdin === 'token' ? (token ?? undefined) : undefined);
      out.push(r);
      if (!r.ok) break;
    }
    return out;
  }

  #run(host: Host, plan: RemotePlan, timeoutMs: number, input?: Secret): Promise<RemoteRun> {
    return this.pool.run(() => this.shell.run(host, plan, { timeoutMs, ...(input ? { input } : {}) }));
  }

  async #call(host: Host, plan: RemotePlan, input?: Secret): Promise<CallResult> {
    const r = await this.#run(host, plan, this.#timeout(), input);
    if (!r.ok)
      return {
        plan,
        ok: false,
        code: null,
        stdout: '',
        stderr: '',
        error: r.failure.message,
        hint: r.failure.hint,
        reproduce: r.failure.reproduce,
      };
    const stdout = redact(r.stdout);
    const stderr = redact(r.stderr);
    const missing = /@@clawkeeper missing (\S+)/.exec(stderr);
    if (missing)
      return {
        plan,
        ok: false,
        code: r.code,
        stdout,
        stderr,
        error: `${missing[1]} was not found on ${host.name} (non-interactive PATH)`,
        hint: `name it: clawkeeper host remove ${host.name}, then ${hostAddCommand(host)} --${missing[1]} /absolute/path`,
        reproduce: null,
      };
    return {
      plan,
      ok: r.code === 0,
      code: r.code,
      stdout,
      stderr,
      error: r.code === 0 ? null : `exit ${r.code}`,
      hint: null,
      reproduce: null,
    };
  }

  #timeout(): number {
    return this.ssh.commandTimeoutSeconds * 1000;
  }
}

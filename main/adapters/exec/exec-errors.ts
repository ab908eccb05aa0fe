/**
 * What a failed `docker exec` / `docker compose exec` / `podman exec` / `kubectl exec` means, read
 * from the engine's own first error line. A failure of the engine (no such container, no daemon,
 * no permission) comes back before the remote command printed anything; the remote command's own
 * failures are not classified here.
 */
import { redact } from '../../core/kernel/redact.ts';
import type { ExecTarget, RemoteFailure } from '../../ports/remote-shell.ts';

/** The engine's first error line (masked, bounded). */
export function firstEngineLine(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return redact(line ?? '').slice(0, 300);
}

const GONE =
  /No such container|no container with name or ID|service "[^"]*" is not running|no such service|is not running|is paused|is restarting|pods? "[^"]*" not found|NotFound|container not found|no configuration file provided/i;
const NO_ENGINE =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|Unable to connect to the server|The connection to the server .* was refused|dial unix|connection refused|no such host/i;
const DENIED =
  /permission denied while trying to connect|Got permission denied|\(Forbidden\)|forbidden|Unauthorized|must be logged in/i;
const NO_SHELL = /OCI runtime exec failed|executable file not found|exec: "sh"|cannot exec/i;

function upHint(t: ExecTarget): string {
  switch (t.engine) {
    case 'docker':
    case 'podman':
      return `check it runs: \`${t.engine} ps --filter name=${t.target}\`; start it: \`${t.engine} start ${t.target}\``;
    case 'compose':
      return `check it runs: \`docker compose${t.projectDir ? ` --project-directory ${t.projectDir}` : ''} ps ${t.target}\`; start it: \`docker compose${t.projectDir ? ` --project-directory ${t.projectDir}` : ''} up -d ${t.target}\``;
    case 'kubectl':
      return `check it: \`kubectl get pod ${t.namespace ? `-n ${t.namespace} ` : ''}${t.target}\``;
  }
}

/** Classifies a finished exec run; null when the engine itself worked (or said nothing it knows). */
export function classifyExecFailure(
  r: { code: number | null; stdout: string; stderr: string; timedOut: boolean; spawnError: string | null },
  ctx: { name: string; target: ExecTarget; bin: string; reproduce: string; timeoutSeconds: number },
): RemoteFailure | null {
  const t = ctx.target;
  const detail = firstEngineLine(r.stderr);
  const base = { detail, reproduce: ctx.reproduce };
  if (r.spawnError)
    return {
      ...base,
      kind: 'client-missing',
      message: `${ctx.bin} could not be started (${r.spawnError}) to reach ${ctx.name}`,
      hint: `install ${t.engine === 'kubectl' ? 'kubectl' : t.engine === 'podman' ? 'Podman' : 'Docker'} or put \`${ctx.bin}\` on the PATH this runs with`,
    };
  if (r.timedOut)
    return {
      ...base,
      kind: 'timeout',
      message: `${ctx.name} did not answer within ${ctx.timeoutSeconds} s`,
      hint: `check it answers: \`${ctx.reproduce}\``,
    };
  // the remote command ran (it printed) or succeeded: not the engine's failure
  if (r.code === 0 || r.stdout.trim() !== '' || !detail) return null;
  const err = r.stderr;
  if (DENIED.test(err))
    return {
      ...base,
      kind: 'auth-failed',
      message: `${ctx.bin} may not exec into ${ctx.name}: ${detail}`,
      hint:
        t.engine === 'kubectl'
          ? `check your rights: \`kubectl auth can-i create pods/exec${t.namespace ? ` -n ${t.namespace}` : ''}\``
          : `run it as a user who may use ${t.engine} (e.g. in the docker group), then \`${ctx.reproduce}\``,
    };
  if (NO_ENGINE.test(err))
    return {
      ...base,
      kind: 'unreachable',
      message: `could not reach ${t.engine === 'kubectl' ? 'the cluster' : `the ${t.engine === 'podman' ? 'Podman' : 'Docker'} engine`} for ${ctx.name}: ${detail}`,
      hint:
        t.engine === 'kubectl'
          ? 'check the context: `kubectl config current-context`'
          : `start it, then \`${ctx.reproduce}\``,
    };
  if (GONE.test(err))
    return {
      ...base,
      kind: 'unreachable',
      message: `${ctx.name} is not running: ${detail}`,
      hint: upHint(t),
    };
  if (NO_SHELL.test(err))
    return {
      ...base,
      kind: 'failed',
      message: `${ctx.name} has no POSIX sh to run the command: ${detail}`,
      hint: `Clawkeeper runs \`sh -c …\` there; reproduce it: \`${ctx.reproduce}\``,
    };
  return null;
}

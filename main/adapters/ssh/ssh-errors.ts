/**
 * What an ssh failure means and what to do about it, read from the client's own messages.
 * Every message is secret-free: ssh prints host names, paths and fingerprints, never our token.
 */
import { redact } from '../../core/kernel/redact.ts';

import type { RemoteFailure } from '../../ports/remote-shell.ts';

export type SshFailure = RemoteFailure;

/**
 * ssh's own first error line: what the user would read first in a terminal. The host-key banner
 * (`@@@…`) and the informational `Warning: Permanently added …` are not errors.
 */
export function firstErrorLine(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/^@+$/.test(l) && !l.startsWith('@ ') && !/^Warning: Permanently added/i.test(l));
  return redact(line ?? '').slice(0, 300);
}

/**
 * Classifies a finished ssh run. Exit 255 is ssh's own failure; a remote command exiting 255 is
 * told apart by the absence of ssh's messages. Returns null when ssh itself worked.
 */
export function classifySshFailure(
  r: { code: number | null; stdout?: string; stderr: string; timedOut: boolean; spawnError: string | null },
  /**
   * timeoutSeconds: the whole command's limit; connectTimeoutSeconds: ssh's ConnectTimeout;
   * reproduce: the exact ssh command (our options included) that fails the same way by hand
   */
  ctx: {
    name: string;
    manual: string;
    reproduce: string;
    timeoutSeconds: number;
    connectTimeoutSeconds?: number;
  },
): SshFailure | null {
  const f = classify(r, ctx);
  return f ? { ...f, reproduce: ctx.reproduce } : null;
}

function classify(
  r: { code: number | null; stdout?: string; stderr: string; timedOut: boolean; spawnError: string | null },
  ctx: {
    name: string;
    manual: string;
    reproduce: string;
    timeoutSeconds: number;
    connectTimeoutSeconds?: number;
  },
): Omit<SshFailure, 'reproduce'> | null {
  const err = r.stderr;
  const detail = firstErrorLine(err);
  if (r.spawnError)
    return {
      kind: 'ssh-missing',
      message: `the ssh client could not be started (${r.spawnError})`,
      hint: 'install the OpenSSH client, or name it with CLAWKEEPER_SSH (e.g. CLAWKEEPER_SSH="/usr/bin/ssh")',
      detail,
    };
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(err)) {
    const remove = /ssh-keygen -f "?([^"\n]+?)"? -R "?([^"\s]+?)"?\s*$/m.exec(err);
    const cmd = remove ? `ssh-keygen -f '${remove[1]}' -R '${remove[2]}'` : 'ssh-keygen -R <host>';
    return {
      kind: 'host-key-changed',
      message: `the host key of ${ctx.name} has CHANGED since it was recorded in known_hosts; Clawkeeper refuses to connect (this can mean someone is intercepting the connection)`,
      hint: `if the server was reinstalled or its key rotated on purpose (ask its admin for the new fingerprint): ${cmd}, then \`${ctx.manual}\` to check and accept the new key`,
      detail,
    };
  }
  if (/host key is known for|Host key verification failed/i.test(err))
    return {
      kind: 'host-key-unknown',
      message: `the host key of ${ctx.name} is not in known_hosts, and Clawkeeper never accepts a key unseen`,
      hint: `run \`${ctx.manual}\` once in a terminal, compare the fingerprint it shows with the server's, and answer yes`,
      detail,
    };
  if (/Permission denied|Too many authentication failures|no mutual signature/i.test(err))
    return {
      kind: 'auth-failed',
      message: `ssh could not log in to ${ctx.name} without a prompt (no key accepted)`,
      hint: `make \`${ctx.manual} true\` work without a password: load your key (\`ssh-add\`) or set IdentityFile in ~/.ssh/config`,
      detail,
    };
  if (r.timedOut)
    return {
      kind: 'timeout',
      message: `${ctx.name} did not answer within ${ctx.timeoutSeconds} s`,
      hint: `check that the machine is up and reachable: \`${ctx.manual} true\``,
      detail,
    };
  // ssh gave up connecting (ConnectTimeout), long before the command's own limit
  if (/timed out|Connection timed out/i.test(err))
    return {
      kind: 'timeout',
      message: `could not connect to ${ctx.name}${ctx.connectTimeoutSeconds ? ` within ${ctx.connectTimeoutSeconds} s` : ''}: ${detail || 'ssh timed out'}`,
      hint: `check that the machine is up and reachable: \`${ctx.manual} true\` (a slow link: raise ssh.connectTimeoutSeconds)`,
      detail,
    };
  if (
    r.code === 255 &&
    /Connection refused|Could not resolve|No route to host|Network is unreachable|Connection closed|Connection reset|kex_exchange_identification|ssh: |port \d+:/i.test(
      err,
    )
  )
    return {
      kind: 'unreachable',
      message: `could not reach ${ctx.name}: ${detail || 'ssh failed'}`,
      hint: `check that the machine is up and sshd runs: \`${ctx.manual} true\``,
      detail,
    };
  // any other failure of ssh itself (a control socket path too long, a bad option, a proxy that
  // died): ssh exits 255 before the remote command printed anything. Its own words, never a guess.
  if (r.code === 255 && (r.stdout ?? '').trim() === '' && detail)
    return {
      kind: 'failed',
      message: `ssh failed for ${ctx.name}: ${detail}`,
      hint: `reproduce it: \`${ctx.reproduce}\``,
      detail,
    };
  return null;
}

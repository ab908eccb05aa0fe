/**
 * Notifications for remote hosts: the same policy as this machine's (re-auth, a setup-token
 * expiring at 14/3/1 days), each naming its host, plus a changed or unknown host key or a
 * refused login, which only a human can settle. A host that is merely unreachable is amber in
 * the tray and raises no notification.
 */
import {
  decideNotices,
  EMPTY_MEMORY,
  type Notice,
  type PolicyMemory,
} from '../notify/notification-policy.ts';
import type { StatusReport } from '../health/report.ts';
import type { HostPart } from './host-report.ts';

export type HostsMemory = Readonly<Record<string, PolicyMemory>>;

const HUMAN = new Set(['host-key-changed', 'host-key-unknown', 'auth-failed']);

/** Decides the notices for the remote parts; memory is kept per host. */
export function hostNotices(
  memory: HostsMemory,
  parts: readonly HostPart[],
  input: { now: number; enabled: boolean; warnDays: readonly number[] },
): { memory: HostsMemory; notices: Notice[] } {
  const next: Record<string, PolicyMemory> = { ...memory };
  const notices: Notice[] = [];
  for (const p of parts) {
    const host = p.summary.name;
    const mem = memory[host] ?? EMPTY_MEMORY;
    if (!p.summary.reachable) {
      const kind = p.summary.failure ?? '';
      const key = `ssh:${kind}`;
      if (
        input.enabled &&
        HUMAN.has(kind) &&
        mem.sent[key] === undefined &&
        !((mem.snoozed[key] ?? 0) > input.now)
      ) {
        notices.push({
          key: `${host}/${key}`,
          level: 3,
          title: `${host}: ${kind === 'host-key-changed' ? 'host key changed' : kind === 'auth-failed' ? 'ssh login refused' : 'host key not known'}`,
          body: `${p.summary.error ?? ''} ${p.summary.hint ? `Fix: ${p.summary.hint}` : ''}`.trim(),
          target: {
            view: 'fix',
            credential: `host:${host}`,
            command: p.summary.hint,
            reason: p.summary.error ?? '',
          },
        });
        next[host] = { ...mem, sent: { ...mem.sent, [key]: { level: 3, at: input.now } } };
      }
      continue;
    }
    // the policy reads a report; a remote state it does not know is judged by its own rules (none)
    const report = {
      schema: 'clawkeeper.status/1',
      generatedAt: p.summary.checkedAt,
      worst: 'ok',
      exitCode: 0,
      credentials: p.credentials,
      findings: [],
      installs: [],
      notes: [],
    } as unknown as StatusReport;
    // each answer of the host is its keeper's pass: a judgment notifies once a later one still has it
    const r = decideNotices(mem, {
      report,
      event: null,
      now: input.now,
      enabled: input.enabled,
      warnDays: input.warnDays,
      pass: true,
    });
    next[host] = r.memory;
    for (const n of r.notices) {
      const c = p.credentials.find((x) => n.key.endsWith(`:${x.id}`));
      notices.push({
        key: `${host}/${n.key}`,
        level: n.level,
        title: `${host}: ${n.title}`,
        body: `On ${host}: ${n.body}`,
        target: {
          view: 'fix',
          credential: `${host}/${c?.id ?? ''}`,
          command: c?.hint ?? `claude setup-token, then: clawkeeper paste-token --host ${host}`,
          reason: c?.reason ?? n.body,
        },
      });
    }
  }
  return { memory: next, notices };
}

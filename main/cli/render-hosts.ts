import { describeExpiry } from '../../common/duration.ts';
import type { HostPart, HostsSummary } from '../core/hosts/host-report.ts';
import { stateRank } from '../../common/hosted-states.ts';
import type { CallResult, PlannedCall } from '../core/hosts/host-client.ts';
import { shellWord } from '../adapters/ssh/ssh-command.ts';

const tone = (state: string, color: boolean, text: string) => {
  if (!color) return text;
  const code =
    state === 'ok' ? 32 : ['expiring', 'stale-copy', 'rate-limited', 'unreachable'].includes(state) ? 33 : 31;
  return `\u001b[${code}m${text}\u001b[0m`;
};

/** One host's block of `clawkeeper host status`, printed as soon as it answers. */
export function renderHostPart(p: HostPart, opts: { color: boolean }, now: number): string {
  const h = p.summary;
  const where = h.destination ? ` (${h.destination})` : ' (this machine)';
  const via = h.via && h.via !== 'local' ? `, via ${h.via}` : '';
  const took = h.durationMs === null ? '' : `, ${h.durationMs} ms`;
  const lines = [tone(h.worst, opts.color, `${h.name}${where}: ${h.worst}`) + via + took];
  if (h.error) lines.push(`  ${h.error}`);
  if (h.hint) lines.push(`  → ${h.hint}`);
  if (h.reproduce && !h.hint?.includes(h.reproduce)) lines.push(`  reproduce: ${h.reproduce}`);
  for (const c of p.credentials.filter((x) => !x.id.startsWith('host:'))) {
    lines.push(
      `  ${tone(c.state, opts.color, c.state.padEnd(13))} ${c.id}  ${c.kind === null ? '' : describeExpiry(c.expiresAt, now)}`,
    );
    lines.push(`  ${' '.repeat(13)} ${c.reason}`);
    if (c.hint) lines.push(`  ${' '.repeat(13)} → ${c.hint}`);
  }
  for (const n of p.notes) lines.push(`  ${n}`);
  return lines.join('\n') + '\n\n';
}

/** The closing summary: the worst state, how many hosts are in each, the notes. */
export function renderHostSummary(s: HostsSummary, opts: { color: boolean }): string {
  const counts = Object.entries(s.byState)
    .sort(([a], [b]) => stateRank(a) - stateRank(b))
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const lines = [
    tone(s.worst, opts.color, `Clawkeeper hosts: ${s.worst}`) +
      ` (${s.total} host${s.total === 1 ? '' : 's'}: ${counts || 'none'})` +
      (s.exitCode ? `  (--check exits ${s.exitCode})` : ''),
  ];
  for (const n of s.notes) lines.push(n);
  return lines.join('\n') + '\n';
}

/** What `--dry-run` shows: per call, the remote command and the exact local argv. */
export function renderPlans(calls: readonly PlannedCall[]): string {
  const lines: string[] = [];
  calls.forEach((c, i) => {
    lines.push(`${i + 1}. on ${c.plan.host}: ${c.plan.shown}`);
    lines.push(`   runs: ${c.argv.map(shellWord).join(' ')}`);
  });
  return lines.join('\n') + '\n';
}

export function renderResults(results: readonly CallResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `${r.ok ? 'done' : 'FAILED'}: on ${r.plan.host}: ${r.plan.shown}${r.error ? ` (${r.error})` : ''}`,
    );
    const out = (r.stdout + (r.ok ? '' : r.stderr)).replace(/^@@clawkeeper.*\n?/gm, '').trim();
    if (out)
      lines.push(
        ...out
          .split('\n')
          .slice(0, 200)
          .map((l) => `   ${l}`),
      );
    if (r.hint) lines.push(`   → ${r.hint}`);
    if (r.reproduce && !r.hint?.includes(r.reproduce)) lines.push(`   reproduce: ${r.reproduce}`);
  }
  return lines.join('\n') + '\n';
}

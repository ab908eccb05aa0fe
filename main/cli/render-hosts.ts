import { describeExpiry } from '../../common/duration.ts';
import type { HostsReport } from '../core/hosts/hosts-report.ts';
import type { CallResult, PlannedCall } from '../core/hosts/remote-hosts.ts';
import { shellWord } from '../adapters/ssh/ssh-command.ts';
import { printable, printableDeep } from '../core/kernel/printable.ts';

const tone = (state: string, color: boolean, text: string) => {
  if (!color) return text;
  const code =
    state === 'ok' ? 32 : ['expiring', 'stale-copy', 'rate-limited', 'unreachable'].includes(state) ? 33 : 31;
  return `\u001b[${code}m${text}\u001b[0m`;
};

/** `clawkeeper host status`: one block per host, its credentials under it. */
export function renderHosts(report: HostsReport, opts: { color: boolean }, now: number): string {
  const r = printableDeep(report);
  const lines = [
    tone(r.worst, opts.color, `Clawkeeper hosts: ${r.worst}`) +
      (r.exitCode ? `  (--check exits ${r.exitCode})` : ''),
  ];
  for (const h of r.hosts) {
    const where = h.destination ? ` (${h.destination})` : ' (this machine)';
    const via = h.via && h.via !== 'local' ? `, via ${h.via}` : '';
    const took = h.durationMs === null ? '' : `, ${h.durationMs} ms`;
    lines.push('', tone(h.worst, opts.color, `${h.name}${where}: ${h.worst}`) + via + took);
    if (h.error) lines.push(`  ${h.error}`);
    if (h.hint) lines.push(`  → ${h.hint}`);
    for (const c of r.credentials.filter((x) => x.host === h.name && !x.id.startsWith('host:'))) {
      lines.push(
        `  ${tone(c.state, opts.color, c.state.padEnd(13))} ${c.id}  ${c.kind === null ? '' : describeExpiry(c.expiresAt, now)}`,
      );
      lines.push(`  ${' '.repeat(13)} ${c.reason}`);
      if (c.hint) lines.push(`  ${' '.repeat(13)} → ${c.hint}`);
    }
  }
  for (const n of r.notes) lines.push('', n);
  return lines.join('\n') + '\n';
}

/** What `--dry-run` shows: per call, the remote command and the exact local argv. */
export function renderPlans(calls: readonly PlannedCall[]): string {
  const lines: string[] = [];
  calls.forEach((c, i) => {
    lines.push(printable(`${i + 1}. on ${c.plan.host}: ${c.plan.shown}`));
    lines.push(`   runs: ${c.argv.map(shellWord).join(' ')}`);
  });
  return lines.join('\n') + '\n';
}

export function renderResults(results: readonly CallResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      printable(
        `${r.ok ? 'done' : 'FAILED'}: on ${r.plan.host}: ${r.plan.shown}${r.error ? ` (${r.error})` : ''}`,
      ),
    );
    const out = (r.stdout + (r.ok ? '' : r.stderr)).replace(/^@@clawkeeper.*\n?/gm, '').trim();
    if (out)
      lines.push(
        ...out
          .split('\n')
          .slice(0, 200)
          .map((l) => `   ${printable(l)}`),
      );
    if (r.hint) lines.push(`   → ${printable(r.hint)}`);
  }
  return lines.join('\n') + '\n';
}

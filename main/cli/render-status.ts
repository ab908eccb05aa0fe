import { describeExpiry } from '../../common/duration.ts';
import type { HealthState, StatusReport } from '../core/health/report.ts';
import { printableDeep } from '../core/kernel/printable.ts';

export interface Style {
  readonly color: boolean;
}

const COLORS: Record<HealthState, number> = {
  ok: 32,
  expiring: 33,
  'stale-copy': 33,
  blocked: 33,
  expired: 31,
  misconfigured: 31,
  unreadable: 31,
  'needs-reauth': 31,
};

function paint(style: Style, code: number, text: string): string {
  return style.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text + ' '.repeat(width - text.length);
}

/** The human table of `clawkeeper status`: one block per credential, then findings. */
export function renderStatus(given: StatusReport, style: Style, now: number): string {
  // every value from a user's file reaches the terminal escaped (ids, reasons, paths, notes)
  const report = printableDeep(given);
  const lines: string[] = [];
  const head = `Clawkeeper status: ${report.worst}`;
  lines.push(
    paint(style, COLORS[report.worst], head) +
      (report.exitCode ? `  (--check exits ${report.exitCode})` : ''),
  );
  for (const i of report.installs) {
    lines.push(
      `OpenClaw ${i.label} at ${i.stateDir}: ${i.generation} store${i.version ? `, version ${i.version}` : ''}, agents: ${i.agents.join(', ') || 'none'}${i.readVia === 'unavailable' ? ' (could not read)' : ''}`,
    );
    // why a store was read through the openclaw CLI, or not at all (unknown schema, no node:sqlite)
    for (const n of i.readNotes ?? []) lines.push(`  note: ${n}`);
  }
  lines.push('');
  const widths = {
    state: 14,
    id: Math.min(48, Math.max(12, ...report.credentials.map((c) => c.id.length + 1))),
    kind: 8,
    owner: 12,
  };
  lines.push(
    paint(
      style,
      1,
      pad('STATE', widths.state) +
        pad('CREDENTIAL', widths.id) +
        pad('KIND', widths.kind) +
        pad('OWNER', widths.owner) +
        'EXPIRY',
    ),
  );
  for (const c of report.credentials) {
    const state = paint(style, COLORS[c.state], pad(c.state, widths.state));
    lines.push(
      state +
        pad(c.id, widths.id) +
        pad(c.kind ?? '-', widths.kind) +
        pad(c.owner, widths.owner) +
        (c.kind === null ? '-' : describeExpiry(c.expiresAt, now)),
    );
    const indent = ' '.repeat(widths.state);
    lines.push(`${indent}${c.reason}`);
    if (c.hint) lines.push(`${indent}${paint(style, 36, '→ ' + c.hint)}`);
    if (c.masked || c.fingerprint)
      lines.push(`${indent}${[c.masked, c.fingerprint].filter(Boolean).join('  ')}  ${c.location}`);
    else lines.push(`${indent}${c.location}`);
  }
  const shown = report.findings.filter((f) => f.severity !== 'info' || f.check === 'env-override');
  if (shown.length > 0) {
    lines.push('', paint(style, 1, `Findings (${shown.length}); details and fixes: clawkeeper doctor`));
    for (const f of shown)
      lines.push(
        `  ${paint(style, f.severity === 'error' ? 31 : f.severity === 'warning' ? 33 : 36, f.severity.padEnd(7))} ${f.message}`,
      );
  }
  for (const n of report.notes) lines.push('', n);
  return lines.join('\n') + '\n';
}

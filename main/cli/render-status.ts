import { describeExpiry } from '../../common/duration.ts';
import type { HealthState, RouteStep, StatusReport } from '../core/health/report.ts';
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

const SENT_WORDS = {
  never: 'no gateway sends it (it does not decide the status)',
  unused: "no agent's model uses its provider (it does not decide the status)",
} as const;

function step(s: RouteStep): string {
  if (s.kind === 'env') return `env ${s.variable ?? '?'}`;
  if (s.kind === 'cli') return "claude's own login (claude-cli)";
  if (s.kind === 'config') return s.variable ?? 'config key';
  return s.credential ?? s.profileId ?? '?';
}

/** Per agent: what the gateway sends first, what it falls back to, what it passes over. */
function renderRoutes(report: StatusReport, style: Style): string[] {
  if (report.routes.length === 0) return [];
  const lines = ['', paint(style, 1, 'What each gateway agent sends')];
  for (const r of report.routes) {
    const head = `  ${r.install}:${r.agent}  ${r.model ?? '(model unknown: release not known)'}`;
    if (!r.claude) {
      lines.push(`${head}  → not a Claude model: no Claude credential is used`);
      continue;
    }
    const sends = r.sends ? step(r.sends) : paint(style, 31, 'nothing usable');
    const then = r.fallbacks.length ? `, then ${r.fallbacks.map(step).join(', then ')}` : '';
    lines.push(`${head}  → ${sends}${then}`);
    for (const k of r.skipped.slice(0, 5))
      lines.push(`      skips ${k.credential ?? k.profileId ?? '?'}: ${k.why}`);
    if (r.skipped.length > 5) lines.push(`      … and ${r.skipped.length - 5} more skipped`);
  }
  return lines;
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
    if (report.routes.length > 0 && (c.sent === 'never' || c.sent === 'unused'))
      lines.push(`${indent}${paint(style, 2, SENT_WORDS[c.sent])}`);
    if (c.hint) lines.push(`${indent}${paint(style, 36, '→ ' + c.hint)}`);
    if (c.masked || c.fingerprint)
      lines.push(`${indent}${[c.masked, c.fingerprint].filter(Boolean).join('  ')}  ${c.location}`);
    else lines.push(`${indent}${c.location}`);
  }
  lines.push(...renderRoutes(report, style));
  const shown = report.findings.filter(
    (f) => f.severity !== 'info' || f.check === 'env-override' || f.check === 'subscription-not-first',
  );
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

import { parseArgs } from 'node:util';
import { doctorExitCode, DoctorService } from '../../core/doctor/doctor.ts';
import type { DoctorApplyResult, DoctorFinding, DoctorReport } from '../../core/contracts.ts';
import type { Io } from '../command.ts';
import { createAppContext, verdictDeps } from '../../compose/context.ts';

function renderFinding(f: DoctorFinding, showPlan: boolean): string[] {
  const lines = [
    `${f.severity.padEnd(7)} ${f.check}${f.fixable ? '  [auto-fix]' : ''}`,
    `        ${f.message}`,
  ];
  if (f.impact && f.impact !== f.message) lines.push(`        Impact: ${f.impact}`);
  if (f.fixable && showPlan) for (const s of f.plan) lines.push(`        Fix: ${s.description}`);
  f.manualSteps.forEach((s, i) => lines.push(`        ${i + 1}. ${s}`));
  lines.push(`        id: ${f.id}`);
  return lines;
}

function renderReport(r: DoctorReport, title: string, showPlan = true): string {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const lines = [
    `${title}: ${r.findings.length === 0 ? 'no findings' : `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`}`,
  ];
  for (const f of r.findings) lines.push('', ...renderFinding(f, showPlan));
  return lines.join('\n') + '\n';
}

function renderApplied(res: DoctorApplyResult): string {
  const lines: string[] = [];
  for (const a of res.applied)
    lines.push(
      `Fixed ${a.id}${a.backupIds.length ? ` (undo: clawkeeper backup restore ${a.backupIds.join(', ')})` : ''}`,
    );
  for (const f of res.failed) lines.push(`Not fixed ${f.id}: ${f.error}`);
  if (res.applied.length === 0 && res.failed.length === 0) lines.push('Nothing to fix automatically.');
  // a running gateway keeps its in-memory snapshot of the stores (docs/domain.md §4)
  else if (res.applied.length > 0)
    lines.push(
      `A running gateway picks the changes up after ${(res.after.reloadCommands ?? ['openclaw gateway restart']).map((c) => `\`${c}\``).join(' / ')}.`,
    );
  return lines.join('\n') + '\n\n' + renderReport(res.after, 'After the fixes');
}

/** `clawkeeper doctor`: usage and summary live in ../commands.ts. */
export async function runDoctor(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const ctx = await createAppContext(io.env);
  const doctor = new DoctorService({
    discovery: ctx.deps,
    writer: ctx.writer,
    clock: ctx.clock,
    settings: ctx.loaded.settings,
    verdict: verdictDeps(ctx),
  });
  if (values.fix && !values['dry-run']) {
    // said before anything is written: a config whose syntax cannot be edited in place
    const planned = await doctor.plan();
    const notes = planned.report.findings.flatMap((f) =>
      f.plan.filter((s) => s.description.includes('rewritten as plain JSON')).map((s) => s.description),
    );
    for (const n of new Set(notes)) io.stderr.write(`clawkeeper: note: ${n}\n`);
    const res = await doctor.applyFixes(null, false, planned);
    io.stdout.write(values.json ? JSON.stringify(res, null, 2) + '\n' : renderApplied(res));
    return doctorExitCode(res.after);
  }
  const report = await doctor.report();
  if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const dry = values['dry-run'];
    const shown = dry ? { ...report, findings: report.findings.filter((f) => f.fixable) } : report;
    io.stdout.write(
      renderReport(shown, dry ? 'Clawkeeper doctor --dry-run, automatic fixes' : 'Clawkeeper doctor'),
    );
    const n = report.findings.filter((f) => f.fixable).length;
    if (n > 0 && !dry)
      io.stdout.write(`\nRun \`clawkeeper doctor --fix\` to apply ${n} automatic fix(es) (backups first).\n`);
    if (dry) io.stdout.write('\nDry run: nothing was changed.\n');
  }
  return doctorExitCode(report);
}

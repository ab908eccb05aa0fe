/** Doctor findings with a dry-run preview and an Apply button. */
import type { DoctorApplyResult, DoctorReport } from '../../main/ipc/contract.ts';
import { api, unwrap } from '../api.ts';
import { byId, fill, h } from '../dom.ts';

type Finding = DoctorReport['findings'][number];

function outcome(r: DoctorApplyResult, dryRun: boolean): HTMLElement {
  const verb = dryRun ? 'Would apply' : 'Applied';
  return h(
    'div',
    { class: 'outcome', role: 'status' },
    ...r.applied.map((a) =>
      h('p', {}, `${verb}: ${a.id}${a.backupIds.length > 0 ? ` (backup ${a.backupIds.join(', ')})` : ''}`),
    ),
    ...r.failed.map((f) => h('p', { class: 'error' }, `Failed: ${f.id}: ${f.error}`)),
    r.applied.length + r.failed.length === 0 && h('p', {}, 'Nothing to change.'),
  );
}

function card(f: Finding, reload: () => Promise<void>): HTMLElement {
  const result = h('div', { class: 'result' });
  const run = async (dryRun: boolean) => {
    try {
      const r = await unwrap(api.applyFixes([f.id], dryRun));
      fill(result, outcome(r, dryRun));
      if (!dryRun) await reload();
    } catch (e) {
      fill(result, h('p', { class: 'error', role: 'alert' }, (e as Error).message));
    }
  };
  return h(
    'li',
    { class: `card ${f.severity === 'error' ? 'broken' : 'attention'}`, 'data-finding': f.id },
    h('div', { class: 'card-head' }, h('strong', {}, f.message), h('span', { class: 'badge' }, f.severity)),
    h('p', {}, f.impact),
    f.fixable
      ? h(
          'div',
          {},
          h('p', {}, 'The fix will:'),
          h(
            'ul',
            { class: 'plan' },
            ...f.plan.map((s) => h('li', {}, s.description, h('br'), h('code', {}, s.files.join(', ')))),
          ),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: () => void run(true) }, 'Preview (dry run)'),
            h('button', { type: 'button', class: 'primary', onclick: () => void run(false) }, 'Apply'),
          ),
        )
      : h('div', {}, h('p', {}, 'What to do:'), h('ol', {}, ...f.manualSteps.map((s) => h('li', {}, s)))),
    result,
  );
}

/** Loads the doctor report and renders it. */
export async function loadDoctor(): Promise<void> {
  const list = byId('finding-list');
  try {
    const report = await unwrap(api.getDoctor());
    if (report.findings.length === 0)
      fill(list, h('li', { class: 'empty' }, 'No findings: the setup looks right.'));
    else fill(list, ...report.findings.map((f) => card(f, loadDoctor)));
  } catch (e) {
    fill(list, h('li', { class: 'error', role: 'alert' }, (e as Error).message));
  }
}

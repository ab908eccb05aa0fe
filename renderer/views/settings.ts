/** The settings form: lead time, warn windows, strategy, reload command, notifications, usage warnings, login item. */
import type { SettingsPatch, SettingsView } from '../../main/ipc/contract.ts';
import { parseUsageThresholds } from '../../common/usage-thresholds.ts';
import { api, unwrap } from '../api.ts';
import { byId } from '../dom.ts';

const input = (id: string) => byId<HTMLInputElement>(id);

function show(v: SettingsView): void {
  const s = v.settings as SettingsView['settings'] & { gateway?: { reloadCommand?: string[] | null } };
  input('set-lead').value = String(s.refresh.leadMinutes);
  byId<HTMLSelectElement>('set-strategy').value = s.refresh.strategy;
  input('set-static-warn').value = String(s.health.staticWarnDays);
  input('set-renewable-warn').value = String(s.health.renewableWarnMinutes);
  input('set-notify').checked = s.notifications.enabled;
  input('set-notify-days').value = s.notifications.staticWarnDays.join(', ');
  input('set-reload').value = (s.gateway?.reloadCommand ?? []).join(' ');
  input('set-usage-thresholds').value = s.usage.thresholds.join(', ');
  thresholdsNote(null);
  input('set-login').checked = v.startAtLogin;
  byId('set-logs-dir').textContent = v.logsDir;
}

const THRESHOLDS_HELP = 'Up to 5, from 1 to 100; empty: no usage warnings.';

/** The thresholds field's own line: the help, or what is wrong with what was typed. */
function thresholdsNote(problem: string | null): void {
  const note = byId('set-usage-thresholds-note');
  note.textContent = problem === null ? THRESHOLDS_HELP : `Usage warnings: ${problem}`;
  note.className = problem === null ? 'muted' : 'error';
  input('set-usage-thresholds').setAttribute('aria-invalid', String(problem !== null));
}

/** The thresholds as typed, checked; the field says what is wrong (inline), and so does the throw. */
function readThresholds(): number[] {
  const r = parseUsageThresholds(input('set-usage-thresholds').value);
  thresholdsNote(r.ok ? null : r.message);
  if (!r.ok) throw new Error(`Usage warnings: ${r.message}`);
  return r.value;
}

/** Reads the form into a patch; throws with a message naming the bad field. */
export function readForm(): { patch: SettingsPatch; startAtLogin: boolean } {
  const num = (id: string, what: string) => {
    const n = Number(input(id).value);
    if (input(id).value.trim() === '' || !Number.isFinite(n) || !input(id).checkValidity())
      throw new Error(`${what} must be a number in range`);
    return n;
  };
  const days = input('set-notify-days')
    .value.split(/[,\s]+/)
    .filter((x) => x !== '')
    .map(Number);
  if (days.some((d) => !Number.isFinite(d) || d < 0))
    throw new Error('Notify before expiry must be a list of days');
  const reload = input('set-reload').value.trim();
  return {
    patch: {
      refresh: {
        leadMinutes: num('set-lead', 'Refresh lead time'),
        strategy: byId<HTMLSelectElement>('set-strategy').value as 'peer' | 'claude-cli' | 'off',
      },
      health: {
        staticWarnDays: num('set-static-warn', 'Setup-token warning'),
        renewableWarnMinutes: num('set-renewable-warn', 'Login warning'),
      },
      notifications: { enabled: input('set-notify').checked, staticWarnDays: days },
      gateway: { reloadCommand: reload === '' ? null : reload.split(/\s+/) },
      usage: { thresholds: readThresholds() },
    },
    startAtLogin: input('set-login').checked,
  };
}

/** Loads the settings into the form. */
export async function loadSettings(): Promise<void> {
  show(await unwrap(api.getSettings()));
}

/** Wires the form's buttons. */
export function initSettings(): void {
  const out = byId('set-result');
  byId<HTMLFormElement>('settings-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      try {
        show(await unwrap(api.updateSettings(readForm())));
        out.textContent = 'Saved.';
        out.className = 'ok';
      } catch (e) {
        out.textContent = (e as Error).message;
        out.className = 'error';
      }
    })();
  });
  // said while typing, not only on save
  input('set-usage-thresholds').addEventListener('input', () => {
    const r = parseUsageThresholds(input('set-usage-thresholds').value);
    thresholdsNote(r.ok ? null : r.message);
  });
  byId('open-logs').addEventListener('click', () => void api.openLogs());
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-external]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      void api.openExternal(a.href);
    });
  }
}

/**
 * The paste setup-token dialog: the CLI's validation messages inline as you type or paste,
 * target agents and expiry, optional verify. The token leaves this page once, on submit (and
 * for validation); main never sends it back, and the field is cleared as soon as it is sent.
 */
import type { PasteArgs, TokenVerdict } from '../../main/ipc/contract.ts';
import { api, unwrap } from '../api.ts';
import { byId, fill, h } from '../dom.ts';
import { currentStatus } from '../state.ts';

const dialog = () => byId<HTMLDialogElement>('paste-dialog');
const tokenInput = () => byId<HTMLInputElement>('paste-token');
const submit = () => byId<HTMLButtonElement>('paste-submit');
const asApiKey = () => byId<HTMLInputElement>('paste-as-api-key');

let verdict: TokenVerdict | null = null;
let seq = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function showVerdict(v: TokenVerdict | null): void {
  verdict = v;
  const out = byId('paste-verdict');
  out.textContent = v?.message ?? '';
  out.className = v === null ? '' : v.ok ? 'ok' : 'error';
  tokenInput().setAttribute('aria-invalid', String(v !== null && !v.ok));
  byId('paste-api-key-row').hidden = v?.suggestion !== 'store-as-api-key';
  if (v?.suggestion !== 'store-as-api-key') asApiKey().checked = false;
  updateSubmit();
}

function updateSubmit(): void {
  const agents = selectedAgents();
  const usable =
    verdict !== null && (verdict.ok || (verdict.suggestion === 'store-as-api-key' && asApiKey().checked));
  submit().disabled = !usable || agents.length === 0;
}

async function validateNow(): Promise<void> {
  const mine = ++seq;
  const v = await unwrap(api.validateToken(tokenInput().value));
  if (mine === seq) showVerdict(v);
}

function selectedAgents(): string[] {
  return [...document.querySelectorAll<HTMLInputElement>('#paste-agents input:checked')].map((i) => i.value);
}

function fillTargets(): void {
  const installs = currentStatus()?.report?.installs ?? [];
  const select = byId<HTMLSelectElement>('paste-install');
  const chosen = select.value;
  fill(select, ...installs.map((i) => h('option', { value: i.label }, `${i.label} (${i.stateDir})`)));
  if (installs.some((i) => i.label === chosen)) select.value = chosen;
  const agents = installs.find((i) => i.label === select.value)?.agents ?? [];
  fill(
    byId('paste-agents-list'),
    ...agents.map((a) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', value: a, checked: true, onchange: updateSubmit }),
        ` ${a}`,
      ),
    ),
    agents.length === 0 && h('span', { class: 'muted' }, 'No agents found; OpenClaw is not set up yet.'),
  );
  updateSubmit();
}

function request(token: string): PasteArgs {
  const expiry = byId<HTMLSelectElement>('paste-expiry').value;
  const install = byId<HTMLSelectElement>('paste-install').value;
  return {
    token,
    ...(install !== '' ? { install } : {}),
    agents: selectedAgents(),
    profileId: byId<HTMLInputElement>('paste-profile').value.trim() || 'anthropic:manual',
    expiresInDays: expiry === 'none' ? null : Number(expiry),
    verify: byId<HTMLInputElement>('paste-verify').checked,
    asApiKey: asApiKey().checked,
  };
}

async function send(): Promise<void> {
  const token = tokenInput().value;
  tokenInput().value = '';
  showVerdict(null);
  submit().disabled = true;
  const out = byId('paste-result');
  try {
    const r = await unwrap(api.pasteToken(request(token)));
    const where = r.targets.map((t) => t.agent).join(', ');
    const verify = r.verify === null ? '' : ` Verify: ${r.verify}.`;
    out.textContent = `Stored ${r.masked} for ${r.targets.length} agent(s): ${where}.${verify}`;
    out.className = 'ok';
  } catch (e) {
    out.textContent = (e as Error).message;
    out.className = 'error';
  }
}

/** Opens the dialog with an empty field. */
export function openPaste(): void {
  tokenInput().value = '';
  showVerdict(null);
  fill(byId('paste-result'));
  fillTargets();
  if (!dialog().open) dialog().showModal();
  tokenInput().focus();
}

/** Wires the dialog's controls once. */
export function initPaste(): void {
  tokenInput().addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void validateNow(), 120);
  });
  byId('paste-install').addEventListener('change', fillTargets);
  asApiKey().addEventListener('change', updateSubmit);
  byId<HTMLFormElement>('paste-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!submit().disabled) void send();
  });
  byId('paste-cancel').addEventListener('click', () => dialog().close());
  dialog().addEventListener('close', () => {
    tokenInput().value = '';
    showVerdict(null);
  });
}

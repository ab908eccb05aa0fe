/** The credentials view: one card per credential with a live countdown, owner and copies. */
import { api, unwrap } from '../api.ts';
import { byId, fill, h } from '../dom.ts';
import { describeExpiry } from '../../common/duration.ts';
import { now } from '../state.ts';
import { tone, type AppStatus, type CredentialSummary } from '../types.ts';
import { stateWords } from '../../common/state-words.ts';

const OWNER_WORDS: Record<CredentialSummary['owner'], string> = {
  'claude-code': 'renewed by Claude Code',
  openclaw: 'renewed by OpenClaw',
  static: 'nothing renews it',
};

/** The state's badge: "rate-limited until 14:05" for an OpenClaw cooldown, else the state word. */
export function stateBadge(c: Pick<CredentialSummary, 'state' | 'openclaw'>): HTMLElement {
  return h('span', { class: `badge ${tone(c.state)}` }, stateWords(c, Date.now()));
}

/** A copy-to-clipboard button for a command (never for a secret: main refuses those). */
export function copyButton(text: string, label = 'Copy'): HTMLElement {
  const b = h('button', {
    type: 'button',
    class: 'small',
    'aria-label': `${label}: ${text}`,
    onclick: () => {
      void unwrap(api.copy(text)).then(() => (b.textContent = 'Copied'));
    },
  });
  b.textContent = label;
  return b;
}

function card(c: CredentialSummary, openFix: (c: CredentialSummary) => void): HTMLElement {
  const where = c.agent !== null ? `${c.install ?? ''} · agent ${c.agent} · ${c.profileId ?? ''}` : c.source;
  return h(
    'li',
    { class: `card ${tone(c.state)}`, 'data-credential': c.id },
    h('div', { class: 'card-head' }, h('strong', {}, c.id), stateBadge(c)),
    h('p', { class: 'expiry', 'data-expires': c.expiresAt ?? 'never' }, describeExpiry(c.expiresAt, now())),
    h('p', { class: 'reason' }, c.reason),
    h(
      'dl',
      {},
      h('dt', {}, 'Owner'),
      h('dd', {}, `${c.owner} — ${OWNER_WORDS[c.owner]}`),
      h('dt', {}, 'Kind'),
      h('dd', {}, `${c.kind ?? 'unknown'}${c.masked !== null ? ` · ${c.masked}` : ''}`),
      h('dt', {}, 'Where'),
      h('dd', {}, where, h('br'), h('code', { class: 'path' }, c.location)),
      h('dt', {}, 'Copies'),
      h('dd', {}, c.copies.length === 0 ? 'none' : c.copies.join(', ')),
    ),
    c.hint !== null &&
      h(
        'div',
        { class: 'hint' },
        h('code', {}, c.hint),
        copyButton(c.hint),
        c.state !== 'ok' &&
          h('button', { type: 'button', class: 'small', onclick: () => openFix(c) }, 'How to fix'),
      ),
  );
}

/** Renders the list from a status. */
export function renderCredentials(s: AppStatus, openFix: (c: CredentialSummary) => void): void {
  const list = byId('credential-list');
  const creds = s.report?.credentials ?? [];
  if (s.report === null) fill(list, h('li', { class: 'empty' }, 'Checking credentials…'));
  else if (creds.length === 0) fill(list, h('li', { class: 'empty' }, 'No Claude credentials found.'));
  else fill(list, ...creds.map((c) => card(c, openFix)));
}

/** Updates every countdown on the page; called every second. */
export function tickCountdowns(): void {
  const t = now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-expires]')) {
    const v = el.dataset['expires'];
    el.textContent = describeExpiry(v === undefined || v === 'never' ? null : Number(v), t);
  }
}

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

type Route = NonNullable<AppStatus['report']>['routes'][number];
type Step = NonNullable<Route['sends']>;

/** "first for agent main", "fallback for ops", or why no gateway sends it. */
function sentWords(c: CredentialSummary, routes: readonly Route[]): string {
  if (routes.length === 0) return 'no OpenClaw gateway found';
  if (c.sent === 'never') return 'never: no gateway agent sends it (it does not decide the status)';
  if (c.sent === 'unused') return "unused: no agent's model uses Anthropic";
  const first = routes.filter((r) => r.sends?.credential === c.id).map((r) => r.agent);
  const fallback = routes.filter((r) => r.fallbacks.some((f) => f.credential === c.id)).map((r) => r.agent);
  const parts = [
    first.length ? `first for agent ${first.join(', ')}` : '',
    fallback.length ? `fallback for agent ${fallback.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || (c.sent === 'first' ? 'first (through a copy of it)' : 'as a fallback');
}

function stepWords(s: Step): string {
  if (s.kind === 'env') return `environment variable ${s.variable ?? '?'}`;
  if (s.kind === 'cli') return "Claude Code's own login (claude-cli)";
  if (s.kind === 'config') return s.variable ?? 'a key in openclaw.json';
  return s.credential ?? s.profileId ?? '?';
}

function routeItem(r: Route): HTMLElement {
  const sends = r.sends ? stepWords(r.sends) : 'nothing usable';
  return h(
    'li',
    {
      class: `route ${r.claude && r.sends === null ? 'broken' : 'ok'}`,
      'data-route': `${r.install}:${r.agent}`,
    },
    h('strong', {}, `${r.install} · agent ${r.agent}`),
    h('span', { class: 'model' }, ` ${r.model ?? 'model unknown'}`),
    h(
      'p',
      {},
      r.claude
        ? `Sends ${sends}${r.fallbacks.length ? `, then ${r.fallbacks.map(stepWords).join(', then ')}` : ''}`
        : 'Not a Claude model: no Claude credential is used',
    ),
    r.skipped.length > 0 &&
      h(
        'p',
        { class: 'skipped' },
        `Skips ${r.skipped.map((k) => `${k.credential ?? k.profileId ?? '?'} (${k.why})`).join('; ')}`,
      ),
  );
}

function card(
  c: CredentialSummary,
  routes: readonly Route[],
  openFix: (c: CredentialSummary) => void,
): HTMLElement {
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
      h('dt', {}, 'Sent'),
      h('dd', { class: 'sent' }, sentWords(c, routes)),
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
  const routes = s.report?.routes ?? [];
  fill(byId('route-list'), ...routes.map(routeItem));
  byId('routes').hidden = routes.length === 0;
  if (s.report === null) fill(list, h('li', { class: 'empty' }, 'Checking credentials…'));
  else if (creds.length === 0) fill(list, h('li', { class: 'empty' }, 'No Claude credentials found.'));
  else fill(list, ...creds.map((c) => card(c, routes, openFix)));
}

/** Updates every countdown on the page; called every second. */
export function tickCountdowns(): void {
  const t = now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-expires]')) {
    const v = el.dataset['expires'];
    el.textContent = describeExpiry(v === undefined || v === 'never' ? null : Number(v), t);
  }
}

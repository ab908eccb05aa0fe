/**
 * The subscription's usage windows above the credentials: one panel per login, a bar per window
 * (session, week, per model) with its percentage and a live countdown to its reset.
 */
import { formatTime } from '../../common/duration.ts';
import { formatReset, percentWords, resetCountdown } from '../../common/usage-words.ts';
import { byId, fill, h } from '../dom.ts';
import { now } from '../state.ts';
import type { AppStatus, Report } from '../types.ts';

type Reading = NonNullable<Report['usage']>[string];
type Window = Reading['windows'][number];

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** ok below the first threshold, attention past it, broken past the last (the alerts' levels). */
function toneOf(percent: number, thresholds: readonly number[]): 'ok' | 'attention' | 'broken' {
  const sorted = [...thresholds].sort((a, b) => a - b);
  if (percent >= 100 || (sorted.length > 1 && percent >= (sorted.at(-1) ?? 101))) return 'broken';
  return percent >= (sorted[0] ?? 101) ? 'attention' : 'ok';
}

/** The bar: the used share, with a tick at each alert threshold (attributes only: the CSP allows no inline style). */
function meter(w: Window, thresholds: readonly number[]): SVGElement {
  const pic = svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'meter', role: 'img' });
  pic.setAttribute('aria-label', `${w.label}: ${percentWords(w.percent)} used`);
  pic.append(svg('rect', { x: 0, y: 2, width: 100, height: 6, rx: 3, class: 'track' }));
  const used = Math.max(0, Math.min(100, w.percent));
  if (used > 0)
    pic.append(
      svg('rect', {
        x: 0,
        y: 2,
        width: used,
        height: 6,
        rx: 3,
        class: `fill ${toneOf(w.percent, thresholds)}`,
      }),
    );
  for (const t of thresholds)
    if (t > 0 && t < 100)
      pic.append(svg('rect', { x: t - 0.25, y: 0, width: 0.5, height: 10, class: 'tick' }));
  return pic;
}

function windowRow(w: Window, thresholds: readonly number[], t: number): HTMLElement {
  return h(
    'li',
    { class: 'usage-window', 'data-window': w.id },
    h('span', { class: 'usage-label' }, w.label),
    meter(w, thresholds) as unknown as Node,
    h('span', { class: `usage-percent ${toneOf(w.percent, thresholds)}` }, percentWords(w.percent)),
    h(
      'span',
      { class: 'usage-reset', 'data-resets': w.resetsAt ?? 'unknown' },
      w.resetsAt === null
        ? 'reset time unknown'
        : `${resetCountdown(w.resetsAt, t)} (${formatReset(w.resetsAt, t)})`,
    ),
  );
}

function panel(r: Reading, thresholds: readonly number[], t: number): HTMLElement {
  const [login, ...copies] = r.credentials;
  const note =
    r.status === 'unknown'
      ? `Usage unknown: ${r.reason ?? 'not read yet'}`
      : r.status === 'stale'
        ? `As of ${r.fetchedAt === null ? '?' : formatTime(r.fetchedAt, t)}: ${r.reason ?? 'not read again since'}`
        : null;
  const x = r.extra;
  return h(
    'section',
    {
      class: `usage-login usage-${r.status}`,
      'data-fingerprint': r.fingerprint,
      'aria-label': `Usage of ${login ?? r.fingerprint}`,
    },
    h(
      'div',
      { class: 'usage-head' },
      h('strong', {}, login ?? r.fingerprint),
      copies.length > 0 &&
        h('span', { class: 'muted' }, ` and ${copies.length} ${copies.length === 1 ? 'copy' : 'copies'}`),
      h('code', { class: 'muted' }, r.fingerprint),
    ),
    note !== null && h('p', { class: 'usage-note' }, note),
    r.windows.length > 0 &&
      h('ul', { class: 'usage-windows' }, ...r.windows.map((w) => windowRow(w, thresholds, t))),
    r.status !== 'unknown' &&
      r.windows.length === 0 &&
      h('p', { class: 'usage-note' }, 'No usage windows reported for this plan.'),
    x !== null &&
      h(
        'p',
        { class: 'usage-extra muted' },
        `Extra usage ${x.enabled ? 'on' : 'off'}${x.percent !== null ? `: ${percentWords(x.percent)} of the monthly limit` : ''}${x.disabledReason ? ` (${x.disabledReason})` : ''}`,
      ),
  );
}

/** Draws the usage panels; hidden when no login's usage is read. */
export function renderUsage(s: AppStatus): void {
  const box = byId('usage');
  const readings = Object.values(s.report?.usage ?? {});
  box.hidden = readings.length === 0;
  const thresholds = s.usageThresholds ?? [80, 95];
  const t = now();
  fill(box, h('h2', { id: 'h-usage' }, 'Usage'), ...readings.map((r) => panel(r, thresholds, t)));
}

/** Moves every reset countdown; called every second with the expiry countdowns. */
export function tickUsage(): void {
  const t = now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-resets]')) {
    const v = el.dataset['resets'];
    if (v === undefined || v === 'unknown') continue;
    const at = Number(v);
    el.textContent = `${resetCountdown(at, t)} (${formatReset(at, t)})`;
  }
}

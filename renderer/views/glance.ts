/**
 * The glance the window opens on: every host and login in one table, copies nested under their
 * login, and a picture of the next seven days: the bar runs until the credential expires, the
 * tick marks when its next refresh is due.
 */
import { describeExpiry, formatTime } from '../../common/duration.ts';
import { byId, fill, h } from '../dom.ts';
import {
  glanceGroups,
  toneOfState,
  weekPosition,
  type GlanceGroup,
  type GlanceRow,
} from '../glance-model.ts';
import { now } from '../state.ts';
import type { AppStatus } from '../types.ts';

const SVG = 'http://www.w3.org/2000/svg';
const W = 700;

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const toneOf = toneOfState;

function week(row: GlanceRow, t: number): SVGElement {
  const pic = svg('svg', { viewBox: `0 0 ${W} 16`, preserveAspectRatio: 'none', class: 'week', role: 'img' });
  const end = weekPosition(row.expiresAt, t);
  const label =
    row.expiresAt === null
      ? 'no expiry'
      : `expires ${new Date(row.expiresAt).toLocaleString()}` +
        (row.refreshAt !== null ? `, next refresh ${new Date(row.refreshAt).toLocaleString()}` : '');
  pic.setAttribute('aria-label', label);
  for (let d = 1; d < 7; d++)
    pic.append(svg('line', { x1: (d * W) / 7, x2: (d * W) / 7, y1: 0, y2: 16, class: 'day' }));
  const width = row.expiresAt === null ? (row.state === 'ok' ? W : 0) : (end ?? 0) * W;
  if (width > 0)
    pic.append(svg('rect', { x: 0, y: 4, width, height: 8, rx: 2, class: `bar ${toneOf(row.state)}` }));
  if (row.expiresAt !== null && end !== null && end < 1)
    pic.append(svg('rect', { x: Math.max(0, width - 2), y: 0, width: 2, height: 16, class: 'expiry-mark' }));
  const refresh = weekPosition(row.refreshAt, t);
  if (refresh !== null && row.refreshAt !== null && row.refreshAt - t < 7 * 86_400_000)
    pic.append(
      svg('rect', { x: Math.max(0, refresh * W - 1.5), y: 0, width: 3, height: 16, class: 'refresh-mark' }),
    );
  return pic;
}

function dayLabels(t: number): HTMLElement {
  const days: HTMLElement[] = [];
  for (let d = 0; d < 7; d++)
    days.push(
      h(
        'span',
        {},
        d === 0 ? 'today' : new Date(t + d * 86_400_000).toLocaleDateString(undefined, { weekday: 'short' }),
      ),
    );
  return h('div', { class: 'days', 'aria-hidden': 'true' }, ...days);
}

/** Healthy hosts folded into one line, until the user asks to see them (kept across redraws). */
let showHealthy = false;
let last: AppStatus | null = null;

function expiresCell(r: GlanceRow, t: number): HTMLElement {
  // a host's own row, or what a silent host held: no expiry it could know, and no countdown
  if (r.isHost) return h('td', { class: 'when' }, '—');
  if (r.asOf !== null) return h('td', { class: 'when then' }, `held at ${formatTime(r.asOf, t)}`);
  return h('td', { class: 'when', 'data-expires': r.expiresAt ?? 'never' }, describeExpiry(r.expiresAt, t));
}

function rowOf(r: GlanceRow, t: number): (HTMLElement | false)[] {
  return [
    r.hostLabel !== null &&
      h(
        'tr',
        { class: 'host-row', 'data-host': r.host },
        h('th', { colspan: 4, scope: 'rowgroup' }, r.hostLabel),
      ),
    h(
      'tr',
      { class: `depth-${r.depth}${r.asOf !== null ? ' then' : ''}`, 'data-row': r.key, title: r.reason },
      h('td', { class: 'cred' }, r.isHost ? r.reason : r.depth === 1 ? `↳ ${r.id}` : r.id),
      h(
        'td',
        {},
        h(
          'span',
          { class: `badge ${r.asOf !== null ? 'then' : toneOf(r.state)}` },
          r.asOf !== null ? `${r.state} then` : r.state,
        ),
      ),
      expiresCell(r, t),
      h('td', { class: 'week-col' }, (r.asOf !== null ? h('span', {}) : week(r, t)) as unknown as Node),
    ),
  ];
}

function groupHeader(g: GlanceGroup): HTMLElement {
  const n = `${g.hosts.length} host${g.hosts.length === 1 ? '' : 's'}`;
  return h(
    'tr',
    { class: `group-row ${toneOf(g.state)}`, 'data-group': g.state },
    h(
      'th',
      { colspan: 4, scope: 'rowgroup' },
      h('span', { class: `badge ${toneOf(g.state)}` }, g.state),
      ` ${n}`,
      g.folded && ' — all fine: ',
      g.folded &&
        h(
          'button',
          {
            class: 'link',
            type: 'button',
            onclick: () => {
              showHealthy = true;
              if (last) renderGlance(last);
            },
          },
          `show ${g.hosts.length}`,
        ),
      g.folded &&
        h(
          'span',
          { class: 'folded-names' },
          ` (${g.hosts.slice(0, 6).join(', ')}${g.hosts.length > 6 ? ', …' : ''})`,
        ),
    ),
  );
}

/** Draws the glance; hidden when there is nothing to show yet. */
export function renderGlance(s: AppStatus): void {
  last = s;
  const box = byId('glance');
  const t = now();
  const groups = glanceGroups(s, { showHealthy, now: t });
  const remote = s.hosts?.hosts ?? [];
  box.hidden = s.report === null && remote.length === 0;
  fill(
    box,
    h('h2', { id: 'h-glance' }, remote.length > 0 ? `All hosts (${remote.length + 1})` : 'This machine'),
    h(
      'table',
      { class: 'glance', 'aria-describedby': 'glance-legend' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Credential'),
          h('th', {}, 'State'),
          h('th', {}, 'Expires'),
          h('th', { class: 'week-col' }, dayLabels(t)),
        ),
      ),
      h(
        'tbody',
        {},
        ...groups.flatMap((g) => [
          remote.length > 0 && g.hosts[0] !== 'local' && groupHeader(g),
          ...g.rows.flatMap((r) => rowOf(r, t)),
        ]),
      ),
    ),
    h(
      'p',
      { id: 'glance-legend', class: 'legend' },
      h('span', { class: 'key bar-key' }),
      ' valid until it expires ',
      h('span', { class: 'key refresh-key' }),
      ' next refresh due',
    ),
    remote.length > 0 &&
      h(
        'p',
        { class: 'note' },
        'A token copied to a server from this machine goes stale while this machine sleeps. For servers, prefer a setup-token: ',
        h('code', {}, 'claude setup-token'),
        ', then ',
        h('code', {}, 'clawkeeper paste-token --host NAME'),
        '.',
      ),
  );
}

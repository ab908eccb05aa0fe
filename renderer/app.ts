/** The window: wires the views to `window.clawkeeper` and routes between them. */
import { api, unwrap } from './api.ts';
import { byId } from './dom.ts';
import { currentStatus, onStatusChange, setStatus } from './state.ts';
import type { AppStatus, Navigate, View } from './types.ts';
import { renderCredentials, tickCountdowns } from './views/credentials.ts';
import { renderGlance } from './views/glance.ts';
import { renderUsage, tickUsage } from './views/usage.ts';
import { overallState, toneOfState } from './glance-model.ts';
import { loadDoctor } from './views/doctor.ts';
import { showFix } from './views/fix.ts';
import { initPaste, openPaste } from './views/paste-dialog.ts';
import { initSettings, loadSettings } from './views/settings.ts';
import { addEvent, setHistory } from './views/timeline.ts';

const PAGES: readonly View[] = ['credentials', 'timeline', 'doctor', 'settings', 'fix'];

/** Shows a view; `paste` opens the dialog over the credentials. */
function go(nav: Navigate): void {
  const page = nav.view === 'paste' ? 'credentials' : nav.view;
  for (const v of PAGES) byId(`view-${v}`).hidden = v !== page;
  for (const b of document.querySelectorAll<HTMLElement>('nav [data-view]'))
    if (b.dataset['view'] === page) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  document.body.dataset['view'] = nav.view;
  if (nav.view === 'fix') showFix(nav, openPaste);
  if (nav.view === 'doctor') void loadDoctor();
  if (nav.view === 'settings') void loadSettings();
  if (nav.view === 'paste') openPaste();
  else byId(`view-${page}`).querySelector<HTMLElement>('h2')?.focus();
}

/** `#fix?credential=…&command=…`: where main asked a new window to open. */
function navFromHash(hash: string): Navigate {
  const [view = '', query = ''] = hash.replace(/^#/, '').split('?');
  const p = new URLSearchParams(query);
  const known = (PAGES as readonly string[]).includes(view) || view === 'paste';
  return {
    view: known ? (view as View) : 'credentials',
    ...(p.get('credential') !== null ? { credential: p.get('credential') ?? '' } : {}),
    ...(p.get('command') !== null ? { command: p.get('command') ?? '' } : {}),
    ...(p.get('reason') !== null ? { reason: p.get('reason') ?? '' } : {}),
  };
}

function renderHeader(s: AppStatus): void {
  const worst = byId('worst');
  const overall = overallState(s);
  const state = s.paused ? 'paused' : (overall ?? 'checking');
  worst.textContent = state;
  worst.className = `badge ${s.paused || overall === null ? 'paused' : toneOfState(overall)}`;
  byId('pause').textContent = s.paused ? 'Resume keeping' : 'Pause keeping';
}

async function act(p: Promise<unknown>): Promise<void> {
  const out = byId('action-result');
  try {
    const r = (await p) as { ok: boolean; value?: AppStatus; error?: { message: string } };
    if (!r.ok) throw new Error(r.error?.message ?? 'failed');
    if (r.value !== undefined) setStatus(r.value);
    out.textContent = '';
  } catch (e) {
    out.textContent = (e as Error).message;
  }
}

async function start(): Promise<void> {
  for (const b of document.querySelectorAll<HTMLElement>('nav [data-view]'))
    b.addEventListener('click', () => go({ view: b.dataset['view'] as View }));
  byId('refresh').addEventListener('click', () => void act(api.refreshNow()));
  byId('sync').addEventListener('click', () => void act(api.syncNow()));
  byId('pause').addEventListener(
    'click',
    () => void act(currentStatus()?.paused === true ? api.resume() : api.pause()),
  );
  byId('paste-open').addEventListener('click', openPaste);
  initPaste();
  initSettings();

  onStatusChange((s) => {
    renderHeader(s);
    renderUsage(s);
    renderGlance(s);
    renderCredentials(s, (c) => go({ view: 'fix', credential: c.id }));
  });
  api.onStatus(setStatus);
  api.onKeeperEvent(addEvent);
  api.onNavigate(go);

  setStatus(await unwrap(api.getStatus()));
  setHistory(await unwrap(api.getHistory()));
  go(navFromHash(location.hash));
  setInterval(() => {
    tickCountdowns();
    tickUsage();
  }, 1000);
  document.body.dataset['ready'] = 'true';
}

void start();

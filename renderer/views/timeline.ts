/** The event timeline: what the keeper did, newest first, in plain words. */
import type { KeeperEvent } from '../../main/ipc/contract.ts';
import { byId, fill, h } from '../dom.ts';
import { formatDuration, formatTime } from '../../common/duration.ts';
import { now } from '../state.ts';

type Tone = 'ok' | 'attention' | 'broken' | 'info';

/** One line of words and a tone for an event; secret-free because events are. */
export function describeEvent(e: KeeperEvent): { text: string; tone: Tone } {
  // exhaustive: a new event type is a compile error below
  switch (e.type) {
    case 'status':
      return { text: `Checked ${e.report.credentials.length} credentials: ${e.report.worst}`, tone: 'info' };
    case 'refreshed':
      return { text: `Refreshed ${e.credential} (${e.fingerprint})`, tone: 'ok' };
    case 'refresh-skipped':
      return { text: `Skipped refreshing ${e.credential}: ${e.reason}`, tone: 'info' };
    case 'refresh-failed':
      return {
        text: `Refresh of ${e.credential} failed (attempt ${e.attempt}): ${e.error}${e.nextAttemptAt !== null ? '; will retry' : ''}`,
        tone: e.retryable ? 'attention' : 'broken',
      };
    case 'needs-reauth':
      return { text: `${e.credential} needs you: ${e.reason}. ${e.hint}`, tone: 'broken' };
    case 'synced':
      return { text: `Copied ${e.link} to ${e.target} (${e.fingerprint})`, tone: 'ok' };
    case 'sync-failed':
      return { text: `Could not copy ${e.link} to ${e.target}: ${e.error}`, tone: 'broken' };
    case 'stale-copy':
      return { text: `${e.credential} is older than ${e.source}`, tone: 'attention' };
    case 'reloaded':
      return {
        text: `Gateway reload (${e.command}) ${e.ok ? 'done' : 'failed'}: ${e.detail}`,
        tone: e.ok ? 'ok' : 'broken',
      };
    case 'installation-changed':
      return { text: `The installation changed: ${e.changes.join('; ')}`, tone: 'attention' };
    case 'woke':
      return { text: `Woke after ${formatDuration(e.sleptMs)} asleep; checking again`, tone: 'info' };
    case 'paused':
      return { text: 'Keeping paused', tone: 'attention' };
    case 'resumed':
      return { text: 'Keeping resumed', tone: 'ok' };
    case 'error':
      return { text: e.message, tone: 'broken' };
  }
}

const MAX = 200;
let events: KeeperEvent[] = [];

function row(e: KeeperEvent): HTMLElement {
  const d = describeEvent(e);
  return h(
    'li',
    { class: `event ${d.tone}`, 'data-type': e.type },
    h('time', { datetime: new Date(e.at).toISOString() }, formatTime(e.at, now())),
    h('span', {}, d.text),
  );
}

function render(): void {
  const list = byId('event-list');
  if (events.length === 0) fill(list, h('li', { class: 'empty' }, 'Nothing has happened yet.'));
  else fill(list, ...events.map(row));
}

/** Replaces the timeline with main's history (oldest first). */
export function setHistory(history: readonly KeeperEvent[]): void {
  events = [...history].reverse().slice(0, MAX);
  render();
}

/** Adds a live event at the top. */
export function addEvent(e: KeeperEvent): void {
  // a pass that only confirmed the report already shown is no news
  if (e.type === 'status' && e.unchanged) return;
  events = [e, ...events].slice(0, MAX);
  render();
}

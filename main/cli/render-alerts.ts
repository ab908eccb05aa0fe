import { formatDuration } from '../../common/duration.ts';
import type { AlertsOverview } from '../compose/alerts-factory.ts';
import { printableDeep } from '../core/kernel/printable.ts';

/** The alerts block under `clawkeeper status`: one line per channel, URLs masked. */
export function renderAlerts(overview: AlertsOverview, now: number): string {
  const a = printableDeep(overview);
  if (a.channels.length === 0) return '';
  const lines = ['', 'Alerts:'];
  for (const c of a.channels) {
    const last = c.lastDelivery
      ? `${c.lastDelivery.ok ? 'delivered' : 'failed'} ${formatDuration(now - c.lastDelivery.at)} ago (${c.lastDelivery.kind}: ${c.lastDelivery.detail})`
      : 'nothing sent yet';
    lines.push(
      `  ${c.name} (${c.type}) ${c.target}: ${last}${c.queued > 0 ? `; ${c.queued} waiting to retry` : ''}`,
    );
  }
  lines.push(
    a.runBy
      ? `  delivered by ${a.runBy.face}${a.runBy.pid !== null ? ` (pid ${a.runBy.pid})` : ''}${a.runBy.since !== null ? `, for ${formatDuration(now - a.runBy.since)}` : ''}`
      : '  not running: neither `clawkeeper watch` nor the tray app runs on this machine; alerts go out once one of them does',
  );
  for (const f of a.flagFiles) if (f.present) lines.push(`  flag file present: ${f.path}`);
  if (a.quietHours) lines.push(`  quiet hours ${a.quietHours.from}–${a.quietHours.to}`);
  return lines.join('\n') + '\n';
}

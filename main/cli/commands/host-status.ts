/**
 * `clawkeeper host status`: this machine and every host (or one, or those with a `--tag`), each
 * printed as soon as it answers (a block of text, or one JSON line with `--json`), at most
 * `ssh.parallel` hosts asked at once, each within its own timeout; a progress line on a terminal
 * only; one summary at the end. A silent host delays nothing but its own line.
 */
import { parseArgs } from 'node:util';
import { LOCAL_HOST } from '../../core/hosts/host-settings.ts';
import { hostSummary, localPart, type HostPart } from '../../core/hosts/host-report.ts';
import { createHostServices } from '../../compose/host-services.ts';
import { createAppContext } from '../../compose/context.ts';
import { UsageError, type Io } from '../command.ts';
import { renderHostPart, renderHostSummary } from '../render-hosts.ts';
import { buildStatus } from './status.ts';
import { selectHosts, TAG_OPTION } from './host-select.ts';
import { OUTPUT, writeJsonLine } from '../json-output.ts';

/** The schema of each host's JSON line and of the closing summary line. */

const USAGE = 'host status [NAME | --tag T…] [--json] [--check] [--timeout SECONDS]';

/** `checking 37/100 …` on stderr, redrawn in place; nothing at all when stderr is not a terminal. */
function progressLine(io: Io, total: number) {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true && total > 1;
  let shown = false;
  return {
    draw(done: number, running: number) {
      if (!tty || done >= total) return;
      io.stderr.write(`\r\u001b[Kchecking ${done}/${total} … (${running} asking)`);
      shown = true;
    },
    clear() {
      if (tty && shown) io.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}

export async function hostStatus(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      ...TAG_OPTION,
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError(USAGE);
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 600))
    throw new UsageError(`--timeout takes whole seconds, 1-600 (${USAGE})`);
  const ctx = await createAppContext(io.env);
  const remote = createHostServices(ctx);
  const name = positionals[0];
  const tags = values.tag ?? [];
  const all = name === undefined && tags.length === 0;
  const withLocal = all || name === LOCAL_HOST;
  const targets = all
    ? remote.config.hosts
    : name === LOCAL_HOST
      ? []
      : selectHosts(remote.config, name, tags, USAGE);
  const total = targets.length + (withLocal ? 1 : 0);
  const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  const progress = progressLine(io, total);
  const parts: HostPart[] = [];
  const show = (p: HostPart) => {
    parts.push(p);
    progress.clear();
    if (values.json) writeJsonLine(io, OUTPUT.hostStatus, p);
    else io.stdout.write(renderHostPart(p, { color }, ctx.clock.now()));
    progress.draw(parts.length, remote.hosts.pool.active);
  };
  const started = Date.now();
  const asked = Promise.all([
    withLocal ? buildStatus(ctx).then((r) => show(localPart(r.report, Date.now() - started))) : null,
    remote.hosts.statusAll(targets, show, timeout === undefined ? undefined : timeout * 1000),
  ]);
  // the first calls have taken their slots by now
  progress.draw(0, remote.hosts.pool.active);
  await asked;
  progress.clear();
  // the summary lists the hosts in the order of the settings (this machine first), whatever order they answered in
  const order = [...(withLocal ? [LOCAL_HOST] : []), ...targets.map((h) => h.name)];
  const sorted = order.flatMap((n) => parts.filter((p) => p.summary.name === n));
  const notes = remote.config.problem ? [remote.config.problem] : [];
  const summary = hostSummary(sorted, ctx.clock.now(), notes);
  if (values.json) writeJsonLine(io, OUTPUT.hostSummary, summary);
  else io.stdout.write(renderHostSummary(summary, { color }));
  return values.check ? summary.exitCode : 0;
}

import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { createAppContext } from '../../compose/context.ts';
import { Runtime } from '../../compose/runtime.ts';
import type { SettingsChange } from '../../core/settings/settings-follower.ts';
import type { LoginCopyResult } from '../../core/hosts/login-copier.ts';
import type { Io } from '../command.ts';
import { printer } from '../keeper-pass.ts';

/** `clawkeeper watch`: usage and summary live in ../commands.ts. */
export async function runWatch(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const ctx = await createAppContext(io.env);
  const logger = createFileLogger(ctx.dataDir);
  const now = () => ctx.clock.now();
  const runtime = new Runtime(ctx, logger, {
    face: 'clawkeeper watch',
    watch: true,
    onSettingsChange: (change) => settingsLine(io, values.json, change, now()),
  });
  // watch's own surface: one line (or JSON object) per keeper event and per host copy
  runtime.keeper.on(printer(io, values.json, now));
  runtime.copier?.on((r) =>
    io.stdout.write(values.json ? JSON.stringify({ type: 'host-copy', ...r }) + '\n' : copyLine(r)),
  );
  if (runtime.remoteError) io.stderr.write(`clawkeeper: host copies are off: ${runtime.remoteError}\n`);
  // Signals are handled from the start: a stop during start-up waits for it, then stops cleanly.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal while stopping ends the process at once (as a default handler would).
      // The handlers stay registered until the stop is done: a library loaded later (signal-exit,
      // under proper-lockfile) re-raises a signal when it finds itself the only listener.
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopping = true;
      logger.info('watch stopping', { signal });
      void runtime.stop().then(() => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        resolve();
      });
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  if (!values.json) io.stderr.write(`clawkeeper: watching (log: ${logger.file}); Ctrl-C to stop\n`);
  logger.info('watch started', {
    pid: process.pid,
    alertChannels: ctx.loaded.settings.alerts.channels.length,
  });
  await runtime.start();
  await stopped;
  if (!values.json) io.stderr.write('clawkeeper: stopped\n');
  return 0;
}

function copyLine(r: LoginCopyResult): string {
  const at = new Date(r.at).toISOString();
  return r.ok
    ? `${at}  login copied to host ${r.host} (${r.fingerprint ?? ''})\n`
    : `${at}  login copy to host ${r.host} failed: ${r.error ?? 'unknown'}${r.hint ? ` (${r.hint})` : ''}\n`;
}

/** One line (or JSON object) on stdout when the settings file changed. */
function settingsLine(io: Io, json: boolean, change: SettingsChange, now: number): void {
  const problem = change.kind === 'defaults' ? null : change.problem;
  const restartFor = change.kind === 'kept' ? [] : change.restartFor;
  if (json) {
    io.stdout.write(
      JSON.stringify({ type: 'settings', at: now, kind: change.kind, problem, restartFor }) + '\n',
    );
    return;
  }
  const at = new Date(now).toISOString();
  const what =
    change.kind === 'applied'
      ? 'settings file changed: new settings in effect'
      : change.kind === 'defaults'
        ? 'settings file removed: the defaults are in effect'
        : 'settings file changed but cannot be used';
  const later = restartFor.length
    ? `; ${restartFor.join(', ')} ${restartFor.length === 1 ? 'takes' : 'take'} effect at the next start`
    : '';
  io.stdout.write(`${at}  ${what}${problem ? ` (${problem})` : ''}${later}\n`);
}

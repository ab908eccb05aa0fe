import { parseArgs } from 'node:util';
import { createFileLogger } from '../../adapters/node/file-logger.ts';
import { createAppContext } from '../../compose/context.ts';
import { attachAlerts, createAlertDuty } from '../../compose/alerts-factory.ts';
import { createKeeper } from '../../compose/keeper-factory.ts';
import { attachLoginCopies, createRemoteHosts } from '../../compose/remote-hosts.ts';
import { createSettingsFollower } from '../../compose/settings-follower.ts';
import type { SettingsChange } from '../../core/settings/settings-follower.ts';
import type { LoginCopier, LoginCopyResult } from '../../core/hosts/login-copier.ts';
import type { Logger } from '../../ports/logger.ts';
import type { KeeperControl } from '../../core/contracts.ts';
import type { AppContext } from '../../compose/context.ts';
import type { Io } from '../command.ts';
import { printer } from '../keeper-pass.ts';
import { printable } from '../../core/kernel/printable.ts';

const STOP_GRACE_MS = 5000;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** `clawkeeper watch`: usage and summary live in ../commands.ts. */
export async function runWatch(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const ctx = await createAppContext(io.env);
  const logger = createFileLogger(ctx.dataDir, { off: ctx.data.refused !== null });
  // the settings file is followed: an edit takes effect without a restart (a broken edit keeps
  // the settings in effect); the refresh endpoint and the host list are read at start only
  let settings = ctx.loaded.settings;
  const keeper = createKeeper(ctx, logger, { watch: true, settings: () => settings });
  keeper.on(printer(io, values.json, () => ctx.clock.now()));
  const follower = createSettingsFollower(ctx, logger, (change) => {
    if (change.kind !== 'kept') settings = change.settings;
    settingsLine(io, values.json, change, ctx.clock.now());
    logger[change.kind === 'kept' ? 'warn' : 'info']('settings file changed', {
      kind: change.kind,
      ...(change.kind !== 'defaults' && change.problem ? { problem: change.problem } : {}),
      ...(change.kind !== 'kept' && change.restartFor.length ? { restartFor: change.restartFor } : {}),
    });
    if (change.kind === 'kept') return;
    // the alert channels see the report at once (a channel added now hears of what is wrong now)
    void alerter.handle(null, keeper.current());
    void keeper.check('settings changed');
  });
  // alerts (issue 14): loaded before the first pass, so a restart neither repeats nor loses one
  // only while this keeper holds the alert duty (the tray app may run the channels already)
  const alerter = createAlertDuty(ctx, logger, 'clawkeeper watch', () => settings);
  // host copies (issue 13): the same copier as the tray app, fed by this keeper's status
  const copier = hostCopies(ctx, keeper, logger, io, values.json);
  // Signals are handled from the start: a stop during start-up waits for it, then stops cleanly.
  let startup: Promise<void> = Promise.resolve();
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal while stopping ends the process at once (as a default handler would).
      // The handlers stay registered until the stop is done: a library loaded later (signal-exit,
      // under proper-lockfile) re-raises a signal when it finds itself the only listener.
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopping = true;
      logger.info('watch stopping', { signal });
      void startup
        .catch(() => undefined)
        // the follower first: an edit during the stop must not start another pass
        .then(() => follower.stop())
        .then(() => keeper.stop())
        // a copy in flight to a host that hangs gets a few seconds, not ssh's whole timeout
        .then(() => copier && Promise.race([copier.settled(), delay(STOP_GRACE_MS)]))
        .then(() => alerter.stop())
        .then(() => {
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
  startup = (async () => {
    await follower.start();
    await alerter.start();
    attachAlerts(keeper, alerter);
    await keeper.start();
  })();
  await startup;
  await stopped;
  if (!values.json) io.stderr.write('clawkeeper: stopped\n');
  return 0;
}

/** Starts feeding kept host copies; each outcome is one line (or JSON object) on stdout. */
function hostCopies(
  ctx: AppContext,
  keeper: KeeperControl,
  logger: Logger,
  io: Io,
  json: boolean,
): LoginCopier | null {
  try {
    const remote = createRemoteHosts(ctx);
    if (remote.config.problem) logger.warn(remote.config.problem);
    const copier = attachLoginCopies(ctx, remote, keeper, logger);
    copier?.on((r) =>
      io.stdout.write(json ? JSON.stringify({ type: 'host-copy', ...r }) + '\n' : copyLine(r)),
    );
    if (copier) logger.info('watch keeps host copies', { hosts: copier.targets().map((h) => h.name) });
    return copier;
  } catch (e: unknown) {
    logger.warn('host copies are off', { error: e instanceof Error ? e.message : String(e) });
    io.stderr.write(`clawkeeper: host copies are off: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}

function copyLine(r: LoginCopyResult): string {
  const at = new Date(r.at).toISOString();
  const text = r.ok
    ? `${at}  login copied to host ${r.host} (${r.fingerprint ?? ''})`
    : `${at}  login copy to host ${r.host} failed: ${r.error ?? 'unknown'}${r.hint ? ` (${r.hint})` : ''}`;
  return printable(text) + '\n';
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
  io.stdout.write(printable(`${at}  ${what}${problem ? ` (${problem})` : ''}${later}`) + '\n');
}

import { join } from 'node:path';
import { format } from 'node:util';
import log from 'electron-log/node';
import { redact, redactValue } from '../../core/kernel/redact.ts';
import type { LogFields, Logger } from '../../ports/logger.ts';
import { SafeLogFile } from './safe-log-file.ts';
import { printable } from '../../core/kernel/printable.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `[2026-12-01 06:04:05.123] [info] text`, in local time (the format electron-log's file transport used). */
function line(date: Date, level: string, data: readonly unknown[]): string {
  const d = date;
  const at = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  // a value from a user's file cannot fake a log line or carry a terminal escape to whoever reads it
  const text = data.map((x) => (typeof x === 'string' ? printable(x) : format('%j', x))).join(' ');
  return `[${at}] [${level}] ${text}\n`;
}

/**
 * A rotating log file in the data dir (1 MB, then `.old.log`), every line through the redactor
 * first. Console output is off: the CLI prints its own lines. `off`: the data folder is not
 * trusted, nothing is written (the finding says why).
 */
export function createFileLogger(
  dataDir: string,
  opts: { console?: boolean; off?: boolean; onProblem?: (message: string) => void } = {},
): Logger & { file: string } {
  return createSafeLogger(join(dataDir, 'logs', 'clawkeeper.log'), {
    console: opts.console ? 'info' : false,
    ...(opts.off === undefined ? {} : { off: opts.off }),
    ...(opts.onProblem ? { onProblem: opts.onProblem } : {}),
  });
}

/**
 * A Logger over electron-log whose file is written by `SafeLogFile` (no links followed, checked
 * on the descriptor, 0600, rotated at 1 MB, a vanished folder made again, failures said once and
 * never thrown), not by electron-log's file transport, which followed links, chmodded through
 * them and printed a stack trace per line once its folder was gone. Every line and field passes
 * the redactor first, on every transport. The folder's own trust is the caller's to check.
 */
export function createSafeLogger(
  file: string,
  opts: {
    console: 'info' | 'warn' | false;
    off?: boolean;
    onProblem?: (message: string) => void;
  },
): Logger & { file: string } {
  const sink = new SafeLogFile(file, {
    maxBytes: 1024 * 1024,
    onProblem: opts.onProblem ?? ((m) => process.stderr.write(`clawkeeper: ${redact(m)}\n`)),
  });
  const logger = log.create({ logId: `clawkeeper-${file}` });
  logger.transports.file.level = false;
  logger.transports.console.level = opts.console;
  const toFile = Object.assign(
    (m: { date: Date; level: string; data: unknown[] }) => sink.append(line(m.date, m.level, m.data)),
    { level: opts.off ? (false as const) : ('debug' as const), transforms: [] },
  );
  (logger.transports as unknown as Record<string, unknown>).safeFile = toFile;
  logger.hooks.push((message) => ({
    ...message,
    data: message.data.map((d: unknown) => (typeof d === 'string' ? redact(d) : redactValue(d))),
  }));
  const fields = (message: string, f?: LogFields) =>
    f ? [redact(message), redactValue(f)] : [redact(message)];
  return {
    file,
    debug: (m, f) => logger.debug(...fields(m, f)),
    info: (m, f) => logger.info(...fields(m, f)),
    warn: (m, f) => logger.warn(...fields(m, f)),
    error: (m, f) => logger.error(...fields(m, f)),
  };
}

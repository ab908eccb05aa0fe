import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import log from 'electron-log/node';
import { redact, redactValue } from '../../core/kernel/redact.ts';
import type { LogFields, Logger } from '../../ports/logger.ts';

/**
 * A rotating log file in the data dir (electron-log's file transport: 1 MB, then `.old.log`),
 * every line through the redactor first. Console output is off: the CLI prints its own lines.
 * The app name is set explicitly: electron-log's node flavour otherwise looks for a
 * `package.json` in the working directory and, finding none (a service unit, cron), never writes.
 * The file is 0600 (the log names files and fingerprints, never tokens, but it is nobody else's).
 */
export function createFileLogger(
  dataDir: string,
  opts: { console?: boolean } = {},
): Logger & { file: string } {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'clawkeeper.log');
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const logger = log.create({ logId: `clawkeeper-${dir}` });
  logger.transports.file.setAppName('clawkeeper');
  logger.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = 1024 * 1024;
  logger.transports.file.level = 'debug';
  logger.transports.console.level = opts.console ? 'info' : false;
  logger.hooks.push((message) => ({
    ...message,
    data: message.data.map((d: unknown) => (typeof d === 'string' ? redact(d) : redactValue(d))),
  }));
  const line = (message: string, fields?: LogFields) =>
    fields ? [redact(message), redactValue(fields)] : [redact(message)];
  return {
    file,
    debug: (m, f) => logger.debug(...line(m, f)),
    info: (m, f) => logger.info(...line(m, f)),
    warn: (m, f) => logger.warn(...line(m, f)),
    error: (m, f) => logger.error(...line(m, f)),
  };
}

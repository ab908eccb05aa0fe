import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import log from 'electron-log/node';
import { redact, redactValue } from '../../core/kernel/redact.ts';
import type { LogFields, Logger } from '../../ports/logger.ts';

/**
 * A rotating log file in the data dir (electron-log's file transport: 1 MB, then `.old.log`),
 * every line through the redactor first. Console output is off: the CLI prints its own lines.
 */
export function createFileLogger(
  dataDir: string,
  opts: { console?: boolean } = {},
): Logger & { file: string } {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'clawkeeper.log');
  const logger = log.create({ logId: `clawkeeper-${dir}` });
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

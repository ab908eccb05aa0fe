/**
 * The app's Logger over an electron-log instance (main or node): every line and every field
 * passes the redactor before any transport sees it (house-style: redact at the sink).
 */
import type { LogFields, Logger } from '../../ports/logger.ts';
import { redact, redactValue } from '../../core/kernel/redact.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = Record<Level, (...params: unknown[]) => void>;

/** A hook for electron-log's `hooks`, so lines logged around the Logger are redacted too. */
export function redactionHook<M extends { data: unknown[] }>(message: M): M {
  message.data = message.data.map((d) => (typeof d === 'string' ? redact(d) : redactValue(d)));
  return message;
}

/** Wraps a sink so nothing reaches it unredacted. */
export function redactingLogger(sink: LogSink): Logger {
  const line = (level: Level) => (message: string, fields?: LogFields) => {
    if (fields === undefined) sink[level](redact(message));
    else sink[level](redact(message), redactValue(fields));
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

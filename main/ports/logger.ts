export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logger. Implementations pass every line through the redactor before any sink. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type AppErrorCode =
  | 'unreadable'
  | 'keychain-timeout'
  | 'keychain-denied'
  | 'openclaw-cli-missing'
  | 'openclaw-cli-failed'
  | 'invalid-settings'
  | 'invalid-argument'
  | 'lock-busy'
  | 'write-failed'
  | 'refresh-rejected'
  | 'refresh-transient'
  | 'not-found'
  | 'network'
  /** a path another user can change: not used (core/kernel/trust.ts) */
  | 'untrusted'
  | 'internal';

/** The one error type that crosses module boundaries. `message` is always secret-free. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;

  constructor(code: AppErrorCode, message: string, opts: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
  }
}

/** Converts anything thrown into an AppError without copying foreign messages that might quote a secret. */
export function toAppError(e: unknown, fallback: AppErrorCode = 'internal'): AppError {
  if (e instanceof AppError) return e;
  const errno = (e as { code?: unknown } | null)?.code;
  const label = typeof errno === 'string' ? ` (${errno})` : '';
  return new AppError(fallback, `unexpected error${label}`, { cause: e });
}

import { sha256Hex } from './sha256.ts';

const KNOWN_PREFIXES = ['sk-ant-oat01-', 'sk-ant-ort01-', 'sk-ant-api03-', 'sk-ant-admin01-', 'sk-ant-'];

/** Short, stable, non-reversible identifier of a secret value: `sha256:` + 12 hex chars. */
export function fingerprintOf(value: string): string {
  return 'sha256:' + sha256Hex(value).slice(0, 12);
}

/**
 * Masked form safe to show a human: the known prefix and the last four characters
 * (`sk-ant-oat01-…Qx4A`). Unknown or short values show only their length.
 */
export function maskOf(value: string): string {
  const clean = value.replace(/\s+/g, '');
  if (clean.length < 16) return `…(${clean.length} chars)`;
  const prefix = KNOWN_PREFIXES.find((p) => clean.startsWith(p)) ?? '';
  return `${prefix}…${clean.slice(-4)}`;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A credential value that cannot be logged or serialised by accident: `String()`,
 * `JSON.stringify` and `util.inspect` all print `[REDACTED]`. Only `reveal()` gives the
 * value, and only writers and the HTTP client call it.
 */
export class Secret {
  readonly #value: string;
  readonly fingerprint: string;
  readonly masked: string;

  constructor(value: string) {
    this.#value = value;
    this.fingerprint = fingerprintOf(value);
    this.masked = maskOf(value);
    Object.freeze(this);
  }

  /** The raw value. Call sites are deliberate and few: writers, the token endpoint, the vault. */
  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: Secret | null | undefined): boolean {
    return other != null && other.fingerprint === this.fingerprint && other.reveal() === this.#value;
  }

  toString(): string {
    return '[REDACTED]';
  }

  toJSON(): string {
    return '[REDACTED]';
  }

  [inspectSymbol](): string {
    return `Secret(${this.fingerprint})`;
  }
}

/** Wraps a possibly-missing string; empty strings become null (Claude Code blanks fields on logout). */
export function secretOrNull(value: unknown): Secret | null {
  return typeof value === 'string' && value.length > 0 ? new Secret(value) : null;
}

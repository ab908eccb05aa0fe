import type { Settings } from '../settings/settings.ts';
import { backoffMs } from './refresh-policy.ts';

/** Why the gate holds a refresh back, or that it lets it through. */
export type GateVerdict =
  | { readonly open: true }
  | {
      readonly open: false;
      readonly reason: 'rejected-login' | 'backing-off';
      readonly until: number | null;
    };

/**
 * The refresh gate: a rejected login (invalid_grant) stays shut until the refresh token changes
 * (the user logged in again); transient failures back off exponentially with jitter, a busy lock
 * waits 2–3 s. Counts attempts so the timeline can say "attempt 3".
 */
export class RefreshGate {
  #rejected: string | null = null;
  #attempt = 0;
  #retryAt: number | null = null;

  constructor(private readonly random: () => number = Math.random) {}

  /** the fingerprint of the refresh token the endpoint rejected, while it is still on disk */
  get rejectedFingerprint(): string | null {
    return this.#rejected;
  }
  get attempt(): number {
    return this.#attempt;
  }
  /** when the next attempt is allowed after a failure, or null */
  get retryAt(): number | null {
    return this.#retryAt;
  }

  /** May a refresh run now for a login whose refresh token has fingerprint `refreshFp`? */
  check(refreshFp: string | null, now: number, force: boolean): GateVerdict {
    if (this.#rejected !== null) {
      if (refreshFp === this.#rejected) return { open: false, reason: 'rejected-login', until: null };
      // the login changed: a human logged in again
      this.#rejected = null;
      this.#attempt = 0;
    }
    if (!force && this.#retryAt !== null && now < this.#retryAt)
      return { open: false, reason: 'backing-off', until: this.#retryAt };
    return { open: true };
  }

  succeeded(): void {
    this.#attempt = 0;
    this.#retryAt = null;
  }

  busy(now: number): void {
    this.#retryAt = now + 2000 + Math.floor(this.random() * 1000);
  }

  /** A rejected login: returns the attempt number. */
  rejected(refreshFp: string): number {
    this.#rejected = refreshFp;
    this.#retryAt = null;
    return ++this.#attempt;
  }

  /** A transient failure: returns the attempt number and when to try again. */
  failed(now: number, settings: Settings, retryAfterMs: number | null): { attempt: number; retryAt: number } {
    this.#attempt++;
    const wait = backoffMs(
      this.#attempt,
      settings.keeper.backoffBaseMs,
      settings.keeper.backoffMaxMs,
      this.random,
      retryAfterMs,
    );
    this.#retryAt = now + wait;
    return { attempt: this.#attempt, retryAt: this.#retryAt };
  }
}

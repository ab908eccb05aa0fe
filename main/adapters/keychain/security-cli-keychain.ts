import { AppError } from '../../core/kernel/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';

/** `security` exits 44 when the item does not exist. */
const ITEM_NOT_FOUND = 44;
const DENIAL_COOLDOWN_MS = 6 * 3_600_000;

/**
 * Reads Claude Code's Keychain item the way Claude Code does: a killable
 * `security find-generic-password -w` subprocess with a timeout. A timeout usually means
 * macOS is showing an access dialog; after a timeout or denial we stay away for 6 h so the
 * user is not buried in prompts (cc-usage's rule, landscape.md §0.4).
 */
export class SecurityCliKeychain implements ForeignKeychain {
  #blockedUntil = 0;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly clock: Clock,
    private readonly opts: { securityBin: string; timeoutMs: number },
  ) {}

  async readGenericPassword(service: string, account: string): Promise<string | null> {
    if (this.clock.now() < this.#blockedUntil) {
      throw new AppError(
        'keychain-denied',
        'Keychain access was denied or timed out recently; not asking again for 6 h',
        { retryable: true },
      );
    }
    const r = await this.runner.run(
      this.opts.securityBin,
      ['find-generic-password', '-a', account, '-w', '-s', service],
      { timeoutMs: this.opts.timeoutMs },
    );
    if (r.spawnError)
      throw new AppError('keychain-denied', `cannot run ${this.opts.securityBin} (${r.spawnError})`);
    if (r.timedOut) {
      this.#blockedUntil = this.clock.now() + DENIAL_COOLDOWN_MS;
      throw new AppError(
        'keychain-timeout',
        `Keychain read of "${service}" timed out after ${this.opts.timeoutMs} ms (an access dialog may be waiting)`,
        { retryable: true },
      );
    }
    if (r.code === ITEM_NOT_FOUND) return null;
    if (r.code !== 0) {
      this.#blockedUntil = this.clock.now() + DENIAL_COOLDOWN_MS;
      throw new AppError(
        'keychain-denied',
        `Keychain read of "${service}" failed (security exit ${r.code})`,
        { retryable: true },
      );
    }
    return r.stdout.replace(/\r?\n$/, '');
  }

  async writeGenericPassword(service: string, account: string, secret: string): Promise<void> {
    // `security -i` reads the command from stdin, so the secret (hex-encoded) never shows in `ps`.
    const quote = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;
    const hex = Buffer.from(secret, 'utf8').toString('hex');
    const r = await this.runner.run(this.opts.securityBin, ['-i'], {
      input: `add-generic-password -U -a ${quote(account)} -s ${quote(service)} -X ${hex}\n`,
      timeoutMs: Math.max(this.opts.timeoutMs, 5000),
    });
    if (r.timedOut)
      throw new AppError(
        'keychain-timeout',
        `Keychain write of "${service}" timed out (an access dialog may be waiting)`,
        { retryable: true },
      );
    if (r.code !== 0 || /error|denied/i.test(r.stderr))
      throw new AppError(
        'keychain-denied',
        `Keychain write of "${service}" failed (security exit ${r.code})`,
        { retryable: true },
      );
  }
}

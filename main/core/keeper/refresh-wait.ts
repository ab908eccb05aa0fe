import { join } from 'node:path';
import type { WritableFiles } from '../../ports/files.ts';

/**
 * When the token endpoint may be asked again, kept in the data dir for one-shot commands (the
 * daemon keeps it in its refresh gate): a 429's Retry-After, or the backoff after a transient
 * failure. One small 0600 file, no token.
 */
export class RefreshWait {
  readonly path: string;

  constructor(
    private readonly files: WritableFiles,
    dataDir: string,
  ) {
    this.path = join(dataDir, 'refresh-wait.json');
  }

  /** The time to wait for, or null when a refresh may be tried now. */
  async until(now: number): Promise<number | null> {
    const text = await this.files.readText(this.path).catch(() => null);
    if (text === null) return null;
    try {
      const v = (JSON.parse(text) as { until?: unknown }).until;
      // a time far beyond any Retry-After is not believed (a clock jump, a hand edit)
      return typeof v === 'number' && v > now && v - now < 24 * 3_600_000 ? v : null;
    } catch {
      return null;
    }
  }

  async set(until: number): Promise<void> {
    await this.files.mkdirp(join(this.path, '..'), 0o700);
    await this.files.writeAtomic(this.path, JSON.stringify({ until }) + '\n', { mode: 0o600, exact: true });
  }

  async clear(): Promise<void> {
    await this.files.remove(this.path);
  }
}

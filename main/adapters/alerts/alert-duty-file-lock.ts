import { join } from 'node:path';
import type { AlertDutyLock, DutyLease } from '../../ports/alerts.ts';
import type { WritableFiles } from '../../ports/files.ts';

/** a holder that stopped refreshing the lock (killed, frozen) loses it after this long */
export const DUTY_STALE_MS = 30_000;
const DUTY_UPDATE_MS = 10_000;

/**
 * The alert duty as a `proper-lockfile` directory lock (`<data dir>/alerts/duty.lock`): created
 * atomically by mkdir, its mtime refreshed while the holder lives, stale once it is not. A
 * machine that slept may find it taken over on waking: the holder is told (`lost`).
 */
export class AlertDutyFileLock implements AlertDutyLock {
  constructor(
    private readonly files: WritableFiles,
    private readonly alertsDir: string,
  ) {}

  get path(): string {
    return join(this.alertsDir, 'duty.lock');
  }

  async tryTake(lost: () => void): Promise<DutyLease | null> {
    await this.files.mkdirp(this.alertsDir, 0o700);
    let release: () => Promise<void>;
    try {
      // loaded here, not at start-up: a read-only `status` never takes a lock
      const { default: lockfile } = await import('proper-lockfile');
      release = await lockfile.lock(join(this.alertsDir, 'duty'), {
        lockfilePath: this.path,
        realpath: false,
        stale: DUTY_STALE_MS,
        update: DUTY_UPDATE_MS,
        retries: 0,
        onCompromised: () => lost(),
      });
    } catch (e: unknown) {
      if ((e as { code?: string }).code === 'ELOCKED') return null;
      throw e;
    }
    return { release: () => release().catch(() => undefined) };
  }
}

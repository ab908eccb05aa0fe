import { join } from 'node:path';
import type { AlertDutyLock, DutyLease } from '../../ports/alerts.ts';
import type { Files, WritableFiles } from '../../ports/files.ts';

/** a holder that stopped refreshing the lock (killed, frozen) loses it after this long */
export const DUTY_STALE_MS = 30_000;
const DUTY_UPDATE_MS = 10_000;

/**
 * The alert duty as a `proper-lockfile` directory lock (`<data dir>/alerts/duty.lock`): created
 * atomically by mkdir, its mtime refreshed while the holder lives, stale once it is not. A
 * machine that slept may find it taken over on waking: the holder is told (`lost`).
 */
export class AlertDutyFileLock implements AlertDutyLock {
  /** `face`: who this keeper is (`clawkeeper watch`, `the tray app`), recorded for `status` */
  constructor(
    private readonly files: WritableFiles,
    private readonly alertsDir: string,
    private readonly face = 'a Clawkeeper',
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
    // who holds it, for `status` (the lock itself is a bare folder): removed before the release
    const record: DutyHolder = { face: this.face, pid: process.pid, since: Date.now() };
    const holderPath = join(this.alertsDir, HOLDER_FILE);
    await this.files
      .writeAtomic(holderPath, JSON.stringify(record) + '\n', { mode: 0o600 })
      .catch(() => undefined);
    return {
      release: async () => {
        await this.files.remove(holderPath).catch(() => undefined);
        await release().catch(() => undefined);
      },
    };
  }
}

const HOLDER_FILE = 'duty-holder.json';

/** Who runs the alert channels on this machine, as `status` shows it. */
export interface DutyHolder {
  readonly face: string;
  readonly pid: number | null;
  readonly since: number | null;
}

/**
 * The holder of the alert duty, or null when nobody holds it: the lock folder is missing or has
 * not been refreshed for longer than a live holder allows (its holder was killed or froze).
 */
export async function readDutyHolder(
  files: Files,
  alertsDir: string,
  now: number,
): Promise<DutyHolder | null> {
  const lock = await files.stat(join(alertsDir, 'duty.lock'));
  if (!lock?.isDirectory || now - lock.mtimeMs > DUTY_STALE_MS) return null;
  const text = await files.readText(join(alertsDir, HOLDER_FILE)).catch(() => null);
  try {
    const r = JSON.parse(text ?? '') as Partial<DutyHolder>;
    if (typeof r.face === 'string')
      return {
        face: r.face.slice(0, 80),
        pid: typeof r.pid === 'number' ? r.pid : null,
        since: typeof r.since === 'number' ? r.since : null,
      };
  } catch {
    /* a holder of an earlier version (no record) */
  }
  return { face: 'another Clawkeeper', pid: null, since: null };
}

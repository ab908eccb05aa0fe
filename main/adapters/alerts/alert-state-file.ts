import {
  mergeLast,
  parseAlertState,
  type AlertState,
  type LastDelivery,
} from '../../core/notify/alert-state.ts';
import type { AlertStateStore } from '../../ports/alerts.ts';
import type { WritableFiles } from '../../ports/files.ts';

/** The alert state as one JSON file (0600, atomic replace) in the data dir. */
export class AlertStateFile implements AlertStateStore {
  constructor(
    private readonly files: WritableFiles,
    readonly path: string,
  ) {}

  async load(): Promise<AlertState> {
    return parseAlertState(await this.files.readText(this.path));
  }

  async save(state: AlertState): Promise<void> {
    const disk = await this.load();
    await this.#write({ ...state, last: mergeLast(state.last, disk.last) });
  }

  async recordLast(last: Readonly<Record<string, LastDelivery>>): Promise<void> {
    const disk = await this.load();
    await this.#write({ ...disk, last: mergeLast(disk.last, last) });
  }

  async #write(state: AlertState): Promise<void> {
    const dir = this.path.slice(0, Math.max(this.path.lastIndexOf('/'), this.path.lastIndexOf('\\')));
    if (dir) await this.files.mkdirp(dir, 0o700);
    await this.files.writeAtomic(this.path, JSON.stringify(state, null, 1) + '\n', { mode: 0o600 });
  }
}

import { SerialQueue } from '../kernel/serial-queue.ts';
import { sha256Hex } from '../kernel/sha256.ts';
import { dirname, join } from 'node:path';
import type { Files, WritableFiles } from '../../ports/files.ts';

/**
 * What Clawkeeper remembers between runs to judge credentials, by fingerprint only (never a
 * value), one 0600 file each in the data dir:
 * - `probes.json`: the last liveness probe of each token (when, and whether Anthropic accepted it);
 * - `sightings.json`: when each token was first seen (so failures OpenClaw recorded before a token
 *   was replaced are not blamed on the new one);
 * - `rejected-logins.json`: refresh tokens the token endpoint rejected (`invalid_grant`).
 * A missing or damaged file counts as empty; a read-only data dir only loses the memory.
 */
export type ProbeOutcome = 'alive' | 'dead';

export interface ProbeRecord {
  readonly at: number;
  readonly outcome: ProbeOutcome;
}

export interface Sighting {
  readonly fp: string;
  readonly since: number;
  readonly replaced: boolean;
}

export interface Evidence {
  readonly probes: ReadonlyMap<string, ProbeRecord>;
  /** slot key (`slotKey(entry id)`) → the token seen there and since when */
  readonly slots: ReadonlyMap<string, Sighting>;
  readonly rejected: ReadonlyMap<string, number>;
}

export const NO_EVIDENCE: Evidence = { probes: new Map(), slots: new Map(), rejected: new Map() };

const FP = /^(sha256|slot):[0-9a-f]{12,64}$/;

/** A credential slot (install, agent, profile) by hash: ids from users' files never land in our files. */
export function slotKey(entryId: string): string {
  return `slot:${sha256Hex(entryId).slice(0, 24)}`;
}
const KEEP = 5000;

type MemFiles = Files & Partial<Pick<WritableFiles, 'writeAtomic' | 'mkdirp'>>;

async function readMap<T>(
  files: MemFiles,
  path: string,
  ok: (v: unknown) => v is T,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  try {
    const doc = JSON.parse((await files.readText(path)) ?? '{}') as { entries?: unknown };
    if (doc.entries && typeof doc.entries === 'object')
      for (const [k, v] of Object.entries(doc.entries as Record<string, unknown>))
        if (FP.test(k) && ok(v)) out.set(k, v);
  } catch {
    // damaged or unreadable: start afresh
  }
  return out;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isSighting = (v: unknown): v is Sighting =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Sighting).fp === 'string' &&
  /^sha256:[0-9a-f]{12,64}$/.test((v as Sighting).fp) &&
  isTime((v as Sighting).since) &&
  typeof (v as Sighting).replaced === 'boolean';
const isProbe = (v: unknown): v is ProbeRecord =>
  typeof v === 'object' &&
  v !== null &&
  isTime((v as ProbeRecord).at) &&
  ((v as ProbeRecord).outcome === 'alive' || (v as ProbeRecord).outcome === 'dead');

export class EvidenceMemory {
  #probes: Map<string, ProbeRecord> | null = null;
  #seen: Map<string, Sighting> | null = null;
  #rejected: Map<string, number> | null = null;

  constructor(
    private readonly files: MemFiles,
    private readonly dir: string,
  ) {}

  get paths() {
    return {
      probes: join(this.dir, 'probes.json'),
      sightings: join(this.dir, 'sightings.json'),
      rejected: join(this.dir, 'rejected-logins.json'),
    };
  }

  async load(): Promise<Evidence> {
    this.#probes ??= await readMap(this.files, this.paths.probes, isProbe);
    this.#seen ??= await readMap(this.files, this.paths.sightings, isSighting);
    this.#rejected ??= await readMap(this.files, this.paths.rejected, isTime);
    return { probes: this.#probes, slots: this.#seen, rejected: this.#rejected };
  }

  /** Records which token each slot holds, and since when; writes only when something changed. */
  async sighted(slots: Iterable<{ slot: string; fp: string }>, now: number): Promise<void> {
    await this.load();
    let changed = false;
    for (const { slot, fp } of slots) {
      const before = this.#seen!.get(slot);
      if (before?.fp === fp) continue;
      this.#seen!.delete(slot);
      this.#seen!.set(slot, { fp, since: now, replaced: before !== undefined });
      changed = true;
    }
    if (changed) await this.#save(this.paths.sightings, this.#seen!);
  }

  async probed(fingerprint: string, record: ProbeRecord): Promise<void> {
    await this.load();
    this.#probes!.set(fingerprint, record);
    await this.#save(this.paths.probes, this.#probes!);
  }

  /**
   * The token endpoint rejected this refresh token: the login stays rejected until it changes.
   * Once loaded, the memory knows it at once (the next judgment sees it); the file follows.
   */
  rejectLogin(refreshFingerprint: string, now: number): Promise<void> {
    if (!this.#rejected) return this.load().then(() => this.rejectLogin(refreshFingerprint, now));
    if (this.#rejected.has(refreshFingerprint)) return this.#writes.idle();
    this.#rejected.set(refreshFingerprint, now);
    return this.#save(this.paths.rejected, this.#rejected);
  }

  /** Resolves when every write started so far has landed. */
  flush(): Promise<void> {
    return this.#writes.idle();
  }

  /** Writes are serialised, so two saves of one file never race. */
  readonly #writes = new SerialQueue();

  #save<T>(path: string, map: Map<string, T>): Promise<void> {
    return this.#writes.run(() => this.#write(path, map));
  }

  async #write<T>(path: string, map: Map<string, T>): Promise<void> {
    if (!this.files.writeAtomic || !this.files.mkdirp) return;
    // bounded: keep the newest entries (insertion order is first-seen order)
    while (map.size > KEEP) map.delete(map.keys().next().value as string);
    try {
      await this.files.mkdirp(dirname(path), 0o700);
      const doc = { version: 1, entries: Object.fromEntries(map) };
      await this.files.writeAtomic(path, JSON.stringify(doc) + '\n', { mode: 0o600 });
    } catch {
      // a read-only data dir costs the memory, never the verdict
    }
  }
}

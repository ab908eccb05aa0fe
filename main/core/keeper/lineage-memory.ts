import { dirname } from 'node:path';
import type { Files, WritableFiles } from '../../ports/files.ts';
import type { Inventory } from '../discovery/inventory.ts';
import { primaryLogin } from '../discovery/inventory.ts';
import type { PushedCopy } from '../formats/link-target.ts';

const KEEP = 64;

/**
 * Fingerprints (never values) of the tokens Claude Code's login has had, newest last, kept in
 * the data dir so a copy holding an earlier token is still recognised as a copy of the login.
 */
export class LineageMemory {
  #fps: string[] = [];
  #synced: Record<string, string> = {};
  /** the expiry each paste asked OpenClaw to store, by link id (to recognise the copy through the CLI) */
  #syncedExpires: Record<string, number> = {};
  #loaded = false;

  constructor(
    private readonly files: Files & Partial<Pick<WritableFiles, 'writeAtomic' | 'mkdirp'>>,
    private readonly path: string,
  ) {}

  async load(): Promise<readonly string[]> {
    if (this.#loaded) return this.#fps;
    this.#loaded = true;
    try {
      const doc = JSON.parse((await this.files.readText(this.path)) ?? '{}') as {
        claudeLogin?: unknown;
        synced?: unknown;
        syncedExpires?: unknown;
      };
      if (doc.synced && typeof doc.synced === 'object') this.#synced = doc.synced as Record<string, string>;
      if (doc.syncedExpires && typeof doc.syncedExpires === 'object')
        this.#syncedExpires = doc.syncedExpires as Record<string, number>;
      if (Array.isArray(doc.claudeLogin))
        this.#fps = doc.claudeLogin.filter(
          (x): x is string => typeof x === 'string' && /^sha256:[0-9a-f]{12}$/.test(x),
        );
    } catch {
      this.#fps = [];
    }
    return this.#fps;
  }

  /** Adds the current login's fingerprints; writes the file only when something is new. */
  async remember(inv: Inventory): Promise<readonly string[]> {
    await this.load();
    const login = primaryLogin(inv);
    const fresh = [login?.access?.fingerprint, login?.refresh?.fingerprint].filter(
      (f): f is string => !!f && !this.#fps.includes(f),
    );
    if (fresh.length === 0 || !this.files.writeAtomic || !this.files.mkdirp) return this.#fps;
    this.#fps = [...this.#fps, ...fresh].slice(-KEEP);
    await this.#save();
    return this.#fps;
  }

  /** The fingerprint last pushed to a write-only target (an OpenClaw SQLite store), if any. */
  async lastSynced(linkId: string): Promise<string | null> {
    await this.load();
    return this.#synced[linkId] ?? null;
  }

  async markSynced(linkId: string, fingerprint: string, expiresAt?: number): Promise<void> {
    await this.load();
    this.#synced[linkId] = fingerprint;
    if (expiresAt === undefined) delete this.#syncedExpires[linkId];
    else this.#syncedExpires[linkId] = expiresAt;
    await this.#save();
  }

  /** Every paste into a write-only target, by link id: what was pasted and the expiry asked for. */
  async pushed(): Promise<ReadonlyMap<string, PushedCopy>> {
    await this.load();
    return new Map(
      Object.entries(this.#synced).map(([id, fingerprint]) => {
        const at = this.#syncedExpires[id];
        return [id, { fingerprint, expiresAt: typeof at === 'number' ? at : null }];
      }),
    );
  }

  async #save(): Promise<void> {
    if (!this.files.writeAtomic || !this.files.mkdirp) return;
    await this.files.mkdirp(dirname(this.path), 0o700);
    const doc = {
      version: 1,
      claudeLogin: this.#fps,
      synced: this.#synced,
      syncedExpires: this.#syncedExpires,
    };
    await this.files.writeAtomic(this.path, JSON.stringify(doc, null, 2) + '\n', { mode: 0o600 });
  }
}

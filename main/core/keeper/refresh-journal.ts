import { join } from 'node:path';
import * as z from 'zod/mini';
import type { WritableFiles } from '../../ports/files.ts';
import type { Locks } from '../../ports/locks.ts';
import type { ClaudeStore } from '../discovery/inventory.ts';
import type { ClaudeLoginStore } from '../discovery/claude-login-store.ts';
import { AppError, toAppError } from '../kernel/errors.ts';
import { fingerprintOf, type Secret } from '../kernel/secret.ts';

/**
 * The refresh journal: the one file in the data dir that holds token values. A refresh spends the
 * old refresh token the moment the endpoint answers, so the new pair is written here (0600,
 * fsynced, atomically) before anything else, and removed once Claude Code's store holds it. A
 * crash in between loses nothing: the next start replays the journal into the store.
 */
const EntrySchema = z.object({
  version: z.literal(1),
  store: z.object({ source: z.enum(['file', 'keychain']), location: z.string() }),
  writtenAt: z.number(),
  /** the refresh token the endpoint consumed: the store is replayed only while it still holds it */
  spentRefreshFingerprint: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.number(),
  scopes: z.nullable(z.array(z.string())),
});

export type JournalEntry = z.infer<typeof EntrySchema>;
export type StoreRef = Pick<ClaudeStore, 'source' | 'location'>;

export type ReplayOutcome =
  | { kind: 'none' }
  | { kind: 'replayed'; fingerprint: string; location: string }
  /** the store already holds the pair, or a newer login replaced the spent one */
  | { kind: 'settled'; location: string }
  | { kind: 'busy' }
  | { kind: 'failed'; error: string };

export const JOURNAL_FILE = 'refresh-journal.json';

/** The token fields written into Claude Code's JSON, every other field kept as it is. */
export function withTokens(
  base: Record<string, unknown>,
  t: { access: string; refresh: string; expiresAt: number; scopes: readonly string[] | null },
): string {
  const oauth = { ...((base.claudeAiOauth as Record<string, unknown> | undefined) ?? {}) };
  oauth.accessToken = t.access;
  oauth.refreshToken = t.refresh;
  oauth.expiresAt = t.expiresAt;
  if (t.scopes) oauth.scopes = [...t.scopes];
  return JSON.stringify({ ...base, claudeAiOauth: oauth });
}

/** The new pair as the journal and the store receive it. */
export interface JournalPair {
  readonly access: Secret;
  readonly refresh: Secret;
  readonly expiresAt: number;
  readonly scopes: readonly string[] | null;
}

export class RefreshJournal {
  readonly path: string;

  constructor(
    private readonly files: WritableFiles,
    dataDir: string,
  ) {
    this.path = join(dataDir, JOURNAL_FILE);
  }

  /**
   * Writes the new pair (0600, fsync of file and folder) before anything else happens. The file
   * is in place when this returns, before its promise settles (`visibleFirst`: synchronous
   * writes and rename, no turn of the event loop); the promise settles once it is fsynced.
   */
  record(store: StoreRef, spent: Secret, grant: JournalPair, now: number): Promise<void> {
    const entry: JournalEntry = {
      version: 1,
      store: { source: store.source === 'keychain' ? 'keychain' : 'file', location: store.location },
      writtenAt: now,
      spentRefreshFingerprint: spent.fingerprint,
      accessToken: grant.access.reveal(),
      refreshToken: grant.refresh.reveal(),
      expiresAt: grant.expiresAt,
      scopes: grant.scopes ? [...grant.scopes] : null,
    };
    return this.files.writeAtomic(this.path, JSON.stringify(entry) + '\n', {
      mode: 0o600,
      exact: true,
      visibleFirst: true,
    });
  }

  /** Makes sure the data dir exists, so `record` has nothing to do but write (called before the request). */
  async prepare(): Promise<void> {
    await this.files.mkdirp(join(this.path, '..'), 0o700);
  }

  async read(): Promise<JournalEntry | null> {
    const text = await this.files.readText(this.path);
    if (text === null) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('unreadable', `${this.path} could not be parsed; it was left in place`);
    }
    const parsed = EntrySchema.safeParse(raw);
    if (!parsed.success)
      throw new AppError(
        'unreadable',
        `${this.path} is not a refresh journal Clawkeeper wrote; it was left in place`,
      );
    return parsed.data;
  }

  async clear(): Promise<void> {
    await this.files.remove(this.path);
  }

  /**
   * Puts a journalled pair into Claude Code's store under its refresh and storage locks, then
   * removes the journal. The pair is written only while the store still holds the refresh token
   * it replaced; a store that moved on (already written, or a new `/login`) just clears it.
   */
  async replay(locks: Locks, storeFor: (ref: StoreRef) => ClaudeLoginStore): Promise<ReplayOutcome> {
    let entry: JournalEntry | null;
    try {
      entry = await this.read();
    } catch (e: unknown) {
      return { kind: 'failed', error: toAppError(e).message };
    }
    if (!entry) return { kind: 'none' };
    const store = storeFor(entry.store);
    const lock = await locks.claudeRefresh(store.dir).catch(() => null);
    if (!lock) return { kind: 'busy' };
    try {
      const storage = await locks.claudeStorage(store.dir, 10_000);
      let wrote = false;
      try {
        const current = await store.readLogin();
        const held = current?.login.refresh?.fingerprint ?? null;
        // the store still holds the spent token, or Claude Code blanked it after trying that
        // token (invalid_grant): the journalled pair is the live login either way
        if (current && (held === entry.spentRefreshFingerprint || current.login.blanked)) {
          await store.writeText(
            withTokens(current.raw, {
              access: entry.accessToken,
              refresh: entry.refreshToken,
              expiresAt: entry.expiresAt,
              scopes: entry.scopes,
            }),
          );
          wrote = true;
        }
      } finally {
        await storage.release();
      }
      await this.clear();
      return wrote
        ? { kind: 'replayed', fingerprint: fingerprintOf(entry.accessToken), location: store.location }
        : { kind: 'settled', location: store.location };
    } catch (e: unknown) {
      return { kind: 'failed', error: toAppError(e).message };
    } finally {
      await lock.release();
    }
  }
}

import type { Environment } from '../../ports/environment.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';
import { AppError } from '../kernel/errors.ts';
import { loginOf, parseClaudeCredentials, type ClaudeLogin } from '../formats/claude-credentials.ts';
import type { ClaudeStore } from './inventory.ts';
import { claudeLoginDir } from '../kernel/paths.ts';

/**
 * Why a new login written here could not keep the file's owner (the rule `writeAtomic` applies to
 * a replaced file) or could not be written at all; null when it can. A store left owned by root by
 * `sudo claude` cannot be replaced by the user: a refresh would spend the refresh token and leave
 * Claude Code holding the spent one.
 */
export function keepProblem(
  path: string,
  fileUid: number | null,
  myUid: number | null,
  dirWritable: boolean,
): string | null {
  if (myUid !== null && myUid !== 0 && fileUid !== null && fileUid !== myUid)
    return `${path} belongs to ${fileUid === 0 ? 'root (`sudo claude` leaves it so)' : `uid ${fileUid}`}, and a replacement written by you could not keep that owner`;
  if (!dirWritable) return `the folder of ${path} cannot be written by you`;
  return null;
}

/** The fix for `keepProblem`: the store back in the user's hands. */
export function keepFix(path: string, user: string): string {
  return `sudo chown ${user} '${path}' (or run \`claude /login\` as yourself), then \`clawkeeper refresh\``;
}

/** Where Claude Code's live login is, and how to read and replace it (file or macOS Keychain item). */
export class ClaudeLoginStore {
  readonly dir: string;

  constructor(
    readonly store: Pick<ClaudeStore, 'source' | 'location'>,
    private readonly deps: { files: WritableFiles; keychain: ForeignKeychain | null; env: Environment },
  ) {
    this.dir = claudeLoginDir(deps.env);
  }

  get location(): string {
    return this.store.location;
  }

  /** The user Clawkeeper runs as (for the fix of a store another user owns). */
  get user(): string {
    return this.deps.env.user;
  }

  private get service(): string {
    return this.store.location.replace(/^keychain:/, '');
  }

  /** The raw text (file content or Keychain secret), or null when there is none. */
  async readText(): Promise<string | null> {
    if (this.store.source === 'keychain') {
      if (!this.deps.keychain) throw new AppError('keychain-denied', 'no Keychain access on this platform');
      return this.deps.keychain.readGenericPassword(this.service, this.deps.env.user);
    }
    return this.deps.files.readText(this.store.location);
  }

  async readLogin(): Promise<{ text: string; raw: Record<string, unknown>; login: ClaudeLogin } | null> {
    const text = await this.readText();
    if (text === null) return null;
    const parsed = parseClaudeCredentials(text);
    if (!parsed.ok)
      throw new AppError('unreadable', `${this.location} could not be parsed (${parsed.error})`);
    const login = loginOf(parsed.value);
    if (!login) return null;
    return { text, raw: JSON.parse(text) as Record<string, unknown>, login };
  }

  /**
   * Checked before a refresh spends the refresh token: why the result could not be kept in this
   * store (its owner, its folder, the lock folder), or null. The Keychain keeps its own items.
   */
  async cannotKeep(): Promise<string | null> {
    if (this.store.source === 'keychain') return null;
    const real = await this.deps.files.realPath(this.store.location);
    const st = await this.deps.files.stat(real);
    if (!st) return null;
    const dir = real.slice(0, Math.max(real.lastIndexOf('/'), real.lastIndexOf('\\')));
    const writable = (await this.deps.files.canWrite(dir)) && (await this.deps.files.canWrite(this.dir));
    return keepProblem(real, st.uid, this.deps.env.uid, writable);
  }

  /** Replaces the stored JSON: atomic 0600 file write, or the Keychain item (same service and account). */
  async writeText(text: string): Promise<void> {
    if (this.store.source === 'keychain') {
      if (!this.deps.keychain) throw new AppError('keychain-denied', 'no Keychain access on this platform');
      await this.deps.keychain.writeGenericPassword(this.service, this.deps.env.user, text);
      return;
    }
    await this.deps.files.writeAtomic(this.store.location, text, { mode: 0o600 });
  }
}

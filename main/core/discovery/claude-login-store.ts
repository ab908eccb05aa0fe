import type { Environment } from '../../ports/environment.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';
import { AppError } from '../kernel/errors.ts';
import { loginOf, parseClaudeCredentials, type ClaudeLogin } from '../formats/claude-credentials.ts';
import type { ClaudeStore } from './inventory.ts';
import { claudeLoginDir } from '../kernel/paths.ts';

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

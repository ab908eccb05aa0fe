import { AppError } from '../../core/kernel/errors.ts';
import type { Vault } from '../../ports/keychain.ts';

/**
 * Clawkeeper's own vault in the OS keychain through @napi-rs/keyring: the Secret Service on
 * Linux (gnome-keyring, KWallet), the Keychain on macOS, the Credential Manager on Windows.
 */
/** Loaded on first use: the native module costs start-up time every command would pay. */
async function entry(service: string, account: string) {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  return new AsyncEntry(service, account);
}

export class NapiKeyringVault implements Vault {
  constructor(private readonly service = 'Clawkeeper') {}

  async get(account: string): Promise<string | null> {
    try {
      return await (await entry(this.service, account)).getPassword();
    } catch (e: unknown) {
      throw vaultError('read', e);
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await (await entry(this.service, account)).setPassword(value);
    } catch (e: unknown) {
      throw vaultError('write', e);
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await (await entry(this.service, account)).deleteCredential();
    } catch (e: unknown) {
      throw vaultError('delete', e);
    }
  }
}

function vaultError(op: string, cause: unknown): AppError {
  return new AppError(
    'keychain-denied',
    `could not ${op} the OS keychain (is a Secret Service such as gnome-keyring running and unlocked?)`,
    { cause, retryable: true },
  );
}

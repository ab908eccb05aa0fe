import { AppError } from '../../core/kernel/errors.ts';
import type { ForeignKeychain } from '../../ports/keychain.ts';

/**
 * Another program's item in the OS credential store through @napi-rs/keyring: used for Claude
 * Code's Windows Credential Manager entry (macOS goes through `security`, see SecurityCliKeychain).
 */
export class NapiForeignKeychain implements ForeignKeychain {
  async readGenericPassword(service: string, account: string): Promise<string | null> {
    try {
      const { AsyncEntry } = await import('@napi-rs/keyring');
      return await new AsyncEntry(service, account).getPassword();
    } catch (e: unknown) {
      throw new AppError('keychain-denied', `could not read "${service}" from the credential store`, {
        cause: e,
        retryable: true,
      });
    }
  }

  async writeGenericPassword(service: string, account: string, secret: string): Promise<void> {
    try {
      const { AsyncEntry } = await import('@napi-rs/keyring');
      await new AsyncEntry(service, account).setPassword(secret);
    } catch (e: unknown) {
      throw new AppError('keychain-denied', `could not write "${service}" to the credential store`, {
        cause: e,
        retryable: true,
      });
    }
  }
}

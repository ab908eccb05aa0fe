import { AppError } from '../../core/kernel/errors.ts';
import type * as Keyring from '@napi-rs/keyring';
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

/**
 * The smoke test's keyring check: loads the native module and reads an entry that cannot exist.
 * Says which of the two failed, since a module that does not load (a wrong-architecture binary,
 * one left out of app.asar.unpacked) needs a new build, and a keychain that cannot be read needs
 * the desktop's Secret Service.
 */
export async function readMissingKeyringEntry(): Promise<
  { ok: true; value: string | null } | { ok: false; stage: 'load' | 'read'; error: string }
> {
  let mod: typeof Keyring;
  try {
    mod = await import('@napi-rs/keyring');
  } catch (e: unknown) {
    return { ok: false, stage: 'load', error: e instanceof Error ? e.message : String(e) };
  }
  try {
    const account = `smoke-test-missing-${process.pid}-${Date.now()}`;
    return { ok: true, value: await new mod.AsyncEntry('Clawkeeper smoke test', account).getPassword() };
  } catch (e: unknown) {
    return { ok: false, stage: 'read', error: e instanceof Error ? e.message : String(e) };
  }
}

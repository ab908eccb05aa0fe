/**
 * Read access to a generic-password item owned by another program (Claude Code's
 * `Claude Code-credentials`). Implementations must never prompt in a loop and must time out.
 */
export interface ForeignKeychain {
  /** null when the item does not exist; throws KeychainError on timeout or denial */
  readGenericPassword(service: string, account: string): Promise<string | null>;
  /** Replaces the item's secret (creating it if needed); the secret never appears in argv. */
  writeGenericPassword(service: string, account: string, secret: string): Promise<void>;
}

/** Clawkeeper's own vault in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager). */
export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

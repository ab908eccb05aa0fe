import type * as Crypto from 'node:crypto';

/**
 * node:crypto, loaded on first use (synchronously, `process.getBuiltinModule`, Node ≥ 20.16):
 * only writes need it (temp names, backup ids and digests), and loading it costs every
 * read-only command several milliseconds.
 */
export function nodeCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}

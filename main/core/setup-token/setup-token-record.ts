import { join } from 'node:path';
import type { WritableFiles } from '../../ports/files.ts';

/** Non-secret facts about a stored setup-token: enough to warn before it expires and to say where it went. */
export interface SetupTokenRecord {
  readonly profileId: string;
  readonly kind: 'token' | 'api_key';
  readonly fingerprint: string;
  readonly masked: string;
  readonly storedAt: number;
  readonly expiresAt: number | null;
  /** `<service>/<account>` in the OS keychain, or null when no copy was kept */
  readonly vault: string | null;
  readonly targets: ReadonlyArray<{ install: string; agent: string; location: string; via: string }>;
}

export const SETUP_TOKENS_FILE = 'setup-tokens.json';

/**
 * Records a paste in `<dataDir>/setup-tokens.json` (0600; Clawkeeper's own file, so no
 * OpenClaw lock or backup): one entry per profile id, the latest paste wins. Returns the path.
 */
export async function recordSetupToken(
  files: WritableFiles,
  dataDir: string,
  rec: SetupTokenRecord,
): Promise<string> {
  const path = join(dataDir, SETUP_TOKENS_FILE);
  await files.mkdirp(dataDir, 0o700);
  let tokens: Record<string, SetupTokenRecord> = {};
  const text = await files.readText(path);
  if (text) {
    try {
      const doc = JSON.parse(text) as { tokens?: Record<string, SetupTokenRecord> };
      if (doc.tokens && typeof doc.tokens === 'object') tokens = doc.tokens;
    } catch {
      /* our own metadata, no secrets: a broken file is replaced */
    }
  }
  tokens[rec.profileId] = rec;
  await files.writeAtomic(path, JSON.stringify({ version: 1, tokens }, null, 2) + '\n', { mode: 0o600 });
  return path;
}

/**
 * Link targets that discovery does not find by itself: a linked `.env` file (Docker setups) is a
 * credential with its own state, so a stale one can be seen. Legacy `oauth.json` targets are
 * found by discovery already.
 */
import type { Files } from '../../ports/files.ts';
import type { LinkTarget } from '../formats/link-target.ts';
import { Secret } from '../kernel/secret.ts';
import { base, unreadable, type Entry } from './entry.ts';
import { shapeProblems } from './slot-checks.ts';

/** The value of `name` in a dotenv text, as OpenClaw's loader reads it (the last assignment wins). */
export async function envFileValue(text: string, name: string): Promise<string | null> {
  // loaded on use: `dotenv` pulls in node:crypto, which a plain status never needs
  const { parseDotenv } = await import('../formats/dotenv.ts');
  return parseDotenv(text).get(name) ?? null;
}

export async function linkedEnvEntries(files: Files, links: readonly LinkTarget[]): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const t of links) {
    if (t.kind !== 'env-file') continue;
    const id = `env-file:${t.file}#${t.variable}`;
    let text: string | null;
    try {
      text = await files.readText(t.file);
    } catch (e: unknown) {
      const code = (e as { code?: string } | null)?.code ?? 'error';
      out.push(
        unreadable(
          id,
          t.file,
          'file',
          `cannot be read (${code})`,
          `Check ${t.file} (owner, mode), or remove the link with \`clawkeeper link remove\``,
        ),
      );
      continue;
    }
    const raw = text === null ? null : await envFileValue(text, t.variable);
    const e = base({
      id,
      location: t.file,
      source: 'file',
      kind: 'token',
      route: 'token',
      provider: 'anthropic',
      value: raw ? new Secret(raw) : null,
    });
    if (!raw)
      e.problems.push({
        state: 'needs-reauth',
        reason: text === null ? `${t.file} does not exist yet` : `${t.variable} is not set in ${t.file}`,
        hint: 'Run `clawkeeper sync` to write the current token into it',
        check: 'linked-env-empty',
        files: [t.file],
      });
    else shapeProblems(e, e.value, 'oauth-access');
    out.push(e);
  }
  return out;
}

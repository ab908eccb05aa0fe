import { dirname } from 'node:path';
import {
  parseAuthProfiles,
  withCredential,
  parseLegacyOauth,
  type AuthProfilesFile,
  type LegacyOauthFile,
} from '../formats/auth-profiles.ts';
import {
  updateJsonFile,
  updateTextFile,
  type JsonUpdateDeps,
  type JsonUpdateResult,
} from '../writes/update-text-file.ts';
import type { Link } from './links.ts';
import type { Secret } from '../kernel/secret.ts';
import { AppError } from '../kernel/errors.ts';
import { holdsApiKey, type HeldCredential } from '../writes/target-guard.ts';

/** A link never replaces a Console API key unless the user confirmed it (`link add --replace`). */
export function refuseApiKey(held: Parameters<typeof holdsApiKey>[0], where: string): void {
  if (holdsApiKey(held))
    throw new AppError(
      'invalid-argument',
      `${where} holds a Console API key; a link never replaces one. Remove the link (\`clawkeeper link remove\`) or confirm with \`clawkeeper link add … --replace\``,
    );
}

/** What a link copies: the login's current tokens (the refresh token only for full copies). */
export interface LoginSnapshot {
  readonly access: Secret;
  readonly refresh: Secret | null;
  readonly expiresAt: number;
}

export interface SyncResult {
  readonly changed: boolean;
  readonly backupId: string | null;
}

const done = (r: JsonUpdateResult): SyncResult =>
  r.changed ? { changed: true, backupId: r.backupId } : { changed: false, backupId: null };

/** How a SQLite-store target is written (through the openclaw CLI; see sync-via-cli.ts). */
export type CliSync = (
  link: Link,
  login: LoginSnapshot,
  opts: {
    /** what the store holds now (null: nothing), `undefined` when it was not read directly */
    readonly held: HeldCredential | null | undefined;
    readonly replace: boolean;
  },
) => Promise<SyncResult>;

/** Writes one target under its owner's lock with a backup. Unparseable targets throw and stay untouched. */
export async function syncLink(
  deps: JsonUpdateDeps,
  link: Link,
  login: LoginSnapshot,
  runCli: CliSync | null,
  opts: { replace?: boolean; reason?: string; held?: HeldCredential | null } = {},
): Promise<SyncResult> {
  const t = link.target;
  const reason = opts.reason ?? `sync (${link.auto ? 'existing copy of the Claude login' : 'link'})`;
  const guard = (held: Parameters<typeof holdsApiKey>[0], where: string) => {
    if (!opts.replace) refuseApiKey(held, where);
  };
  switch (t.kind) {
    case 'openclaw-profile':
      return done(
        await updateJsonFile<AuthProfilesFile>(
          deps,
          t.file,
          parseAuthProfiles,
          (cur) => {
            const doc = cur ?? { version: 1, profiles: {} };
            const old = doc.profiles[t.profileId] ?? {};
            guard(old, `${t.profileId} in ${t.file}`);
            // a full copy needs a refresh token to share; without one it is a token copy
            const refresh = t.full ? login.refresh : null;
            const next = withCredential(
              old,
              refresh
                ? {
                    type: 'oauth',
                    access: login.access.reveal(),
                    refresh: refresh.reveal(),
                    expires: login.expiresAt,
                  }
                : { type: 'token', token: login.access.reveal(), expires: login.expiresAt },
              old.provider ?? 'anthropic',
            );
            if (JSON.stringify(old) === JSON.stringify(next)) return false;
            doc.profiles[t.profileId] = next;
            return doc;
          },
          { reason },
        ),
      );
    case 'legacy-oauth':
      return done(
        await updateJsonFile<LegacyOauthFile>(
          deps,
          t.file,
          parseLegacyOauth,
          (cur) => {
            const doc = cur ?? {};
            const old = doc.anthropic ?? {};
            guard(old, `the anthropic entry of ${t.file}`);
            const next: Record<string, unknown> = {
              ...old,
              access: login.access.reveal(),
              expires: login.expiresAt,
            };
            if (t.full && login.refresh) next.refresh = login.refresh.reveal();
            else delete next.refresh;
            if (JSON.stringify(old) === JSON.stringify(next)) return false;
            doc.anthropic = next;
            return doc;
          },
          { reason },
        ),
      );
    case 'env-file':
      if (!(await deps.files.stat(dirname(t.file)))?.isDirectory)
        throw new AppError(
          'not-found',
          `the folder of ${t.file} does not exist; it is not created for a token (fix or remove the link)`,
        );
      return done(
        await updateTextFile(
          deps,
          t.file,
          (text) => {
            guard({ token: envValue(text ?? '', t.variable) ?? undefined }, `${t.variable} in ${t.file}`);
            return setEnvVar(text ?? '', t.variable, login.access.reveal());
          },
          { reason },
        ),
      );
    case 'openclaw-cli':
      if (!runCli) throw new Error('SQLite targets need the openclaw CLI, which is not available');
      return runCli(link, login, { held: opts.held, replace: opts.replace ?? false });
  }
}

/** The value of `NAME=` in a .env text (quotes removed), or null. */
export function envValue(text: string, name: string): string | null {
  const re = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(.*)$`);
  let found: string | null = null;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (m) found = (m[1] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return found;
}

/**
 * Sets `NAME=value` in a .env text, keeping every other line, comment and the order; an
 * `export ` prefix and the quoting style of an existing line are kept. Returns false when unchanged.
 */
export function setEnvVar(text: string, name: string, value: string): string | false {
  const lines = text.split('\n');
  const re = new RegExp(`^(\\s*(?:export\\s+)?)${name}\\s*=\\s*(.*)$`);
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i] ?? '');
    if (!m) continue;
    const quote = /^(['"])/.exec(m[2] ?? '')?.[1] ?? '';
    const next = `${m[1]}${name}=${quote}${value}${quote}`;
    if (found) {
      lines.splice(i--, 1); // a later duplicate would override ours: drop it
      continue;
    }
    found = true;
    if (lines[i] === next) continue;
    lines[i] = next;
  }
  if (!found) {
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    lines.push(`${name}=${value}`, '');
  }
  const out = lines.join('\n');
  return out === text ? false : out;
}

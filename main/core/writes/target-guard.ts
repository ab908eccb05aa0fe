import { fingerprintOf, maskOf } from '../kernel/secret.ts';

/** A credential as a target holds it (profile fields, a legacy oauth entry, a .env value). */
export interface HeldCredential {
  readonly type?: string | undefined;
  readonly mode?: string | undefined;
  readonly token?: string | undefined;
  readonly access?: string | undefined;
  readonly refresh?: string | undefined;
  readonly key?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** What a link target holds before Clawkeeper writes Claude Code's login into it. */
export type TargetHolding =
  | { readonly kind: 'empty' }
  | { readonly kind: 'same-lineage' }
  /** something a write would destroy: an API key, a setup-token, another login */
  | { readonly kind: 'foreign'; readonly what: string };

const describe = (v: string) => `${maskOf(v)} (${fingerprintOf(v)})`;

/** An API key is never a copy of a login, whatever the link says. */
export function holdsApiKey(c: HeldCredential | null | undefined): string | null {
  if (!c) return null;
  const key = c.key ?? c.apiKey;
  if (key) return key;
  const kind = c.type ?? c.mode;
  const value = c.token ?? c.access;
  if (kind === 'api_key' && value) return value;
  if (value?.startsWith('sk-ant-api')) return value;
  return null;
}

/**
 * Judges what a target holds against the login: empty, a copy of the same lineage (the current
 * access or refresh token, or one the lineage memory remembers), or something foreign.
 */
export function judgeHolding(
  held: HeldCredential | null | undefined,
  /** fingerprints of the login's current access and refresh tokens */
  login: readonly (string | null | undefined)[],
  knownFingerprints: readonly string[],
): TargetHolding {
  const key = holdsApiKey(held);
  if (key) return { kind: 'foreign', what: `a Console API key ${describe(key)}` };
  const values = [held?.token, held?.access, held?.refresh].filter((v): v is string => !!v);
  if (values.length === 0) return { kind: 'empty' };
  const mine = new Set(knownFingerprints);
  for (const fp of login) if (fp) mine.add(fp);
  if (values.some((v) => mine.has(fingerprintOf(v)))) return { kind: 'same-lineage' };
  const main = held?.token ?? held?.access ?? values[0]!;
  return {
    kind: 'foreign',
    what: `a token of another login or a setup-token ${describe(main)}`,
  };
}

/**
 * Token intelligence: what kind of string a user or a file holds, and what is wrong with it.
 * Facts from docs/domain.md §3: prefixes and the ≥ 80-character setup-token length.
 */

export type TokenKind = 'oauth-access' | 'oauth-refresh' | 'api-key' | 'admin-key' | 'unknown';

export type TokenClass =
  | 'access-token'
  | 'refresh-token'
  | 'api-key'
  | 'admin-key'
  | 'code-state'
  | 'whitespace-damaged'
  | 'too-short'
  | 'stray-characters'
  | 'empty'
  | 'unknown';

export interface TokenAnalysis {
  /** The one-word verdict: the first defect found, else the kind. */
  readonly class: TokenClass;
  /** What the value is once whitespace is stripped. */
  readonly kind: TokenKind;
  /** The value with every whitespace character removed (what a repaired paste would hold). */
  readonly normalized: string;
  /** Whether the raw value had whitespace or line breaks anywhere (leading/trailing included). */
  readonly hadWhitespace: boolean;
}

export const MIN_ACCESS_TOKEN_LENGTH = 80;

const PREFIXES: ReadonlyArray<readonly [string, TokenKind]> = [
  ['sk-ant-oat', 'oauth-access'],
  ['sk-ant-ort', 'oauth-refresh'],
  ['sk-ant-api', 'api-key'],
  ['sk-ant-admin', 'admin-key'],
];

export function kindOf(value: string): TokenKind {
  for (const [prefix, kind] of PREFIXES) if (value.startsWith(prefix)) return kind;
  return 'unknown';
}

/** Classifies a raw string as a user pasted it or a file holds it. Never throws, never logs. */
export function classifyToken(raw: string): TokenAnalysis {
  const hadWhitespace = /\s/.test(raw);
  const normalized = raw.replace(/\s+/g, '');
  const kind = kindOf(normalized);
  const base = { kind, normalized, hadWhitespace } as const;
  if (normalized.length === 0) return { ...base, class: 'empty' };
  if (normalized.includes('#')) return { ...base, class: 'code-state' };
  // Inner whitespace damages the token; a trailing newline alone is harmless once trimmed.
  if (/\s/.test(raw.trim())) return { ...base, class: 'whitespace-damaged' };
  if (!/^[A-Za-z0-9_-]+$/.test(normalized)) return { ...base, class: 'stray-characters' };
  if (kind === 'unknown') return { ...base, class: 'unknown' };
  if (kind === 'oauth-access' && normalized.length < MIN_ACCESS_TOKEN_LENGTH)
    return { ...base, class: 'too-short' };
  if (normalized.length < 40) return { ...base, class: 'too-short' };
  const byKind: Record<Exclude<TokenKind, 'unknown'>, TokenClass> = {
    'oauth-access': 'access-token',
    'oauth-refresh': 'refresh-token',
    'api-key': 'api-key',
    'admin-key': 'admin-key',
  };
  return { ...base, class: byKind[kind] };
}

/** Human words for a token class, used in reasons and paste errors. */
export const TOKEN_CLASS_WORDS: Record<TokenClass, string> = {
  'access-token': 'an OAuth access token (sk-ant-oat…)',
  'refresh-token': 'a refresh token (sk-ant-ort…), not an access token',
  'api-key': 'a Console API key (sk-ant-api…)',
  'admin-key': 'an Admin API key (sk-ant-admin…)',
  'code-state': 'a pasted authorization code (code#state), not a token',
  'whitespace-damaged': 'a token with a space or line break inside',
  'too-short': 'a truncated token (too short)',
  'stray-characters': 'a token with characters no Anthropic token contains',
  empty: 'an empty value',
  unknown: 'a value with no known Anthropic prefix',
};

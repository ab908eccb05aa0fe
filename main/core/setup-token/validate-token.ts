/**
 * Setup-token intake: what a user pasted, whether it can be stored, and what to do when it
 * cannot. Pure; messages never contain the value (only its class, length and masked form).
 */
import { Secret } from '../kernel/secret.ts';
import type { TokenVerdict } from '../contracts.ts';
import { classifyToken, MIN_ACCESS_TOKEN_LENGTH, type TokenClass } from '../formats/token.ts';

const GET_ONE = 'run `claude setup-token` and paste the token it prints (sk-ant-oat01-…)';

function messageFor(cls: TokenClass, length: number, asApiKey: boolean): string {
  switch (cls) {
    case 'access-token':
      return asApiKey
        ? 'this is an OAuth token (sk-ant-oat01-…), not an API key: paste it without --as-api-key'
        : `looks like a setup-token (sk-ant-oat01-…, ${length} characters)`;
    case 'api-key':
      return asApiKey
        ? `looks like a Console API key (sk-ant-api03-…, ${length} characters)`
        : 'this is a Console API key (sk-ant-api03-…), not a setup-token: store it as an API key with `--as-api-key`, or ' +
            GET_ONE;
    case 'code-state':
      return 'you pasted the authorization code (code#state) from the login page, not a token; ' + GET_ONE;
    case 'refresh-token':
      return 'this is a refresh token (sk-ant-ort01-…), which OpenClaw cannot send as a token; ' + GET_ONE;
    case 'admin-key':
      return 'this is an Admin API key (sk-ant-admin01-…), which cannot call models; ' + GET_ONE;
    case 'too-short':
      return `the token is truncated (${length} characters; a setup-token has at least ${MIN_ACCESS_TOKEN_LENGTH}): copy the whole line \`claude setup-token\` printed`;
    case 'stray-characters':
      return 'the paste contains characters no Anthropic token has (quotes, brackets or markup?): paste only the token itself, sk-ant-oat01-…';
    case 'empty':
      return 'nothing was pasted; ' + GET_ONE;
    case 'unknown':
      return 'this does not look like an Anthropic token (no sk-ant-oat01- prefix); ' + GET_ONE;
    case 'whitespace-damaged':
      return 'the token has a space or line break inside; paste it again as one line';
  }
}

export interface Intake {
  readonly verdict: TokenVerdict;
  /** the usable value (whitespace removed), or null when the paste is refused */
  readonly token: Secret | null;
}

/**
 * Checks a pasted value. Whitespace and line breaks (terminal wrapping, a trailing newline) are
 * removed and reported as `repaired`; every other defect refuses the paste with what to do.
 */
export function intakeToken(raw: string, opts: { asApiKey?: boolean } = {}): Intake {
  const asApiKey = opts.asApiKey ?? false;
  const first = classifyToken(raw);
  // Re-judge the value with every whitespace character removed: a wrapped paste is still a token.
  const a = first.class === 'whitespace-damaged' ? classifyToken(first.normalized) : first;
  const repaired = /\s/.test(raw.trim()) && a.class !== 'empty';
  const wanted = asApiKey ? 'api-key' : 'access-token';
  const ok = a.class === wanted;
  const masked = a.normalized.length > 0 && !['stray-characters', 'code-state'].includes(a.class);
  let message = messageFor(a.class, a.normalized.length, asApiKey);
  if (ok && repaired) message += '; spaces and line breaks inside it were removed';
  const verdict: TokenVerdict = {
    ok,
    class: a.class,
    repaired,
    message,
    masked: masked ? new Secret(a.normalized).masked : null,
    suggestion: a.class === 'api-key' && !asApiKey ? 'store-as-api-key' : null,
  };
  return { verdict, token: ok ? new Secret(a.normalized) : null };
}

/** The `TokenVerdict` of a paste (the AppServices contract). */
export function validateToken(raw: string, opts: { asApiKey?: boolean } = {}): TokenVerdict {
  return intakeToken(raw, opts).verdict;
}

/**
 * `--expires-in`: `365d`, `12h` or `never` (also `none`, `0`). Returns days (fractional for
 * hours), null for never, or undefined when the text is not understood.
 */
export function parseExpiresIn(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'never' || t === 'none' || t === '0') return null;
  const m = /^(\d+(?:\.\d+)?)\s*([dh]?)$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n) || n <= 0 || n > 3650) return undefined;
  return m[2] === 'h' ? n / 24 : n;
}

/** `--expires-in` as OpenClaw's own paste-token understands it (`365d`, `12h`). */
export function expiresInArg(days: number): string {
  return Number.isInteger(days) ? `${days}d` : `${Math.max(1, Math.round(days * 24))}h`;
}

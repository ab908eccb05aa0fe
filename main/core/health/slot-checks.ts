import type { StoredProfile } from '../formats/auth-profiles.ts';
import type { Secret } from '../kernel/secret.ts';
import { classifyToken, TOKEN_CLASS_WORDS } from '../formats/token.ts';
import { NEW_SETUP_TOKEN, type Entry } from './entry.ts';

/** Slot checks: the value must be what its slot expects, and intact. */
export function storedProblems(e: Entry, p: StoredProfile): void {
  const files = [e.location];
  if (p.type === null) {
    e.problems.push({
      state: 'misconfigured',
      reason: p.declaredType
        ? `unknown profile type "${p.declaredType}"`
        : 'profile has neither type nor mode',
      hint: 'Set "type" to "oauth", "token" or "api_key", or run `clawkeeper doctor --fix`',
      check: 'unknown-type',
      files,
    });
    return;
  }
  if (!p.value && !(p.type === 'oauth' && p.refresh)) {
    e.problems.push({
      state: 'needs-reauth',
      reason: 'no credential is stored in this profile',
      hint: NEW_SETUP_TOKEN,
      check: 'empty-profile',
      files,
    });
    return;
  }
  if (p.value) shapeProblems(e, p.value, p.type === 'api_key' ? 'api-key' : 'oauth-access');
  if (p.type === 'oauth' && p.refresh) shapeProblems(e, p.refresh, 'oauth-refresh');
}

type Expected = 'oauth-access' | 'oauth-refresh' | 'api-key';

/** Detects damaged values and values in the wrong slot (docs/domain.md §6 items 3 and 4). */
export function shapeProblems(e: Entry, secret: Secret | null, expected: Expected): void {
  if (!secret) return;
  const a = classifyToken(secret.reveal());
  const files = e.source === 'file' ? [e.location] : [];
  const hint =
    e.source === 'env'
      ? `Fix the value of ${e.location.slice(4)} in your environment`
      : 'Re-paste the token with `clawkeeper paste-token` or run `clawkeeper doctor --fix`';
  const damaged: Partial<Record<typeof a.class, string>> = {
    'whitespace-damaged': 'a space or line break inside the token: every request fails with 401',
    'code-state': 'the stored value is a pasted `code#state` authorization code, not a token',
    'stray-characters':
      'the token contains characters no Anthropic token has (pasted with quotes or markup?)',
    'too-short': 'the token is truncated',
    empty: 'the stored value is empty',
  };
  const d = damaged[a.class];
  if (d) {
    e.problems.push({
      state: 'misconfigured',
      reason: d,
      hint,
      check: a.class === 'whitespace-damaged' ? 'token-whitespace' : 'token-damaged',
      impact: 'Requests with this credential are rejected (401).',
      files,
    });
    return;
  }
  if (
    a.kind === 'unknown' ||
    (a.kind === 'oauth-access' && expected === 'oauth-access') ||
    (a.kind === 'oauth-refresh' && expected === 'oauth-refresh') ||
    (a.kind === 'api-key' && expected === 'api-key')
  )
    return;
  const where =
    expected === 'api-key'
      ? 'an api_key slot'
      : expected === 'oauth-refresh'
        ? 'the refresh-token slot'
        : 'a token slot';
  let impact = 'Requests with this credential are rejected (401).';
  if (a.kind === 'oauth-access' && expected === 'api-key')
    impact = 'OpenClaw sends it as x-api-key and Anthropic answers 401 "invalid x-api-key".';
  if (a.kind === 'api-key' && expected === 'oauth-access')
    impact = 'An API key sent as a Bearer token is rejected with 401 "Invalid bearer token".';
  e.problems.push({
    state: 'misconfigured',
    reason: `${TOKEN_CLASS_WORDS[a.class]} is stored in ${where}`,
    hint:
      a.kind === 'api-key' && expected !== 'api-key'
        ? 'Store it as an API key (`clawkeeper doctor --fix` changes the type to api_key)'
        : a.kind === 'oauth-access' && expected === 'api-key' && e.source === 'file'
          ? 'Store it as a token (`clawkeeper doctor --fix` changes the type to token, so OpenClaw sends it as Bearer)'
          : hint,
    check:
      a.kind === 'oauth-access' && expected === 'api-key'
        ? 'oauth-token-as-api-key'
        : a.kind === 'api-key'
          ? 'api-key-as-token'
          : 'wrong-token-kind',
    impact,
    files,
  });
}

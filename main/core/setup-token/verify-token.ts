import type { Http } from '../../ports/http.ts';
import type { Secret } from '../kernel/secret.ts';

export type VerifyOutcome = 'valid' | 'invalid-bearer' | 'network-error';

/**
 * Live check of a token against a cheap endpoint (`GET /v1/models`): OAuth tokens go out as
 * `Authorization: Bearer` with the OAuth beta header, API keys as `x-api-key` (docs/domain.md §3).
 * 2xx valid, 401 invalid, anything else (or no answer) network-error: we cannot tell.
 */
export async function verifyToken(
  http: Http,
  apiBase: string,
  token: Secret,
  opts: { asApiKey: boolean; timeoutMs: number },
): Promise<VerifyOutcome> {
  const headers: Record<string, string> = { 'anthropic-version': '2023-06-01' };
  if (opts.asApiKey) headers['x-api-key'] = token.reveal();
  else {
    headers.authorization = `Bearer ${token.reveal()}`;
    headers['anthropic-beta'] = 'oauth-2025-04-20';
  }
  try {
    const url = `${apiBase.replace(/\/+$/, '')}/v1/models?limit=1`;
    const res = await http.request(url, { method: 'GET', headers, timeoutMs: opts.timeoutMs });
    if (res.status >= 200 && res.status < 300) return 'valid';
    if (res.status === 401) return 'invalid-bearer';
    return 'network-error';
  } catch {
    return 'network-error';
  }
}

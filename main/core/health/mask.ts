import { redactTokens } from '../kernel/redact.ts';

/**
 * Every string of a report passes the token masker before it leaves the core: text taken from
 * a user's file (a profile id, a `type`, an order entry) may hold a token in the wrong field.
 * Fingerprints and masked forms survive.
 */
export function maskReport<T>(value: T): T {
  return mask(value) as T;
}

function mask(v: unknown): unknown {
  if (typeof v === 'string') return redactTokens(v);
  if (Array.isArray(v)) return v.map(mask);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[redactTokens(k)] = mask(x);
    return out;
  }
  return v;
}

import type { Secret } from '../core/kernel/secret.ts';

/**
 * The liveness probe: one request to the models list with the token sent the way OpenClaw sends
 * it (Bearer plus the OAuth beta header); no tokens consumed. `unreachable`: no answer, or an
 * answer that says nothing about the token (5xx, 429): changes nothing.
 */
export interface LivenessProbe {
  check(token: Secret): Promise<'accepted' | 'rejected' | 'unreachable'>;
}

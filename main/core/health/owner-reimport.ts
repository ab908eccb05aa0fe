import { describeExpiry } from '../../../common/duration.ts';
import type { Entry } from './entry.ts';

/** Clawdbot's own copy of Claude Code's login (the JSON generation with CLI sync). */
export const CLAWDBOT_CLI_PROFILE = 'anthropic:claude-cli';
/** Clawdbot re-reads Claude Code's login once its copy is this close to expiry */
const NEAR_EXPIRY_MS = 10 * 60_000;

/** The profile a generation's OpenClaw keeps in step with Claude Code's login itself. */
export function ownedByOpenClaw(generation: string, profileId: string | null): boolean {
  return generation === 'json-cli-sync' && profileId === CLAWDBOT_CLI_PROFILE;
}

/**
 * Why an entry needs no keeping while its source is healthy, or null. Clawdbot 2026.1.24-3 loads
 * its store on use and re-imports Claude Code's login into `anthropic:claude-cli` when that copy is
 * missing, a `token`, not Anthropic's, or within 10 min of expiry (past it included), whenever
 * Claude Code holds a later one (`syncExternalCliCredentials`, `EXTERNAL_CLI_NEAR_EXPIRY_MS`).
 * Between Claude Code's refresh and that window it holds the older, still valid token by design:
 * not a stale copy, and nothing `clawkeeper sync` would write (it leaves that profile to Clawdbot).
 * `source` is the group's live Claude Code login; its verdict must already be known.
 */
export function reimportedByOwner(e: Entry, source: Entry | null, now: number): string | null {
  if (!e.install || e.source !== 'file' || !ownedByOpenClaw(e.install.generation, e.profileId)) return null;
  if (e.provider !== 'anthropic' || (e.kind !== 'oauth' && e.kind !== 'token')) return null;
  if (!source?.claude?.primary || !source.value || source.expiresAt === null) return null;
  // Claude Code's login must be healthy: Clawdbot would import whatever it holds
  const sourceBroken = source.problems.some((p) => p.state !== 'ok' && p.state !== 'expiring');
  if (sourceBroken || source.expiresAt <= now) return null;
  const when =
    e.kind === 'token'
      ? 'on its next use (it re-reads a token copy every time)'
      : e.expiresAt !== null && e.expiresAt - now <= NEAR_EXPIRY_MS
        ? 'on its next use'
        : `10 min before this copy expires (${describeExpiry(e.expiresAt, now)})`;
  return `Clawdbot's own copy of Claude Code's login: Clawdbot re-imports the login ${when}`;
}

import * as z from 'zod/mini';

/**
 * A link keeps one target in step with Claude Code's login (the only lineage Clawkeeper renews).
 * By default a target gets a `token` copy of the current access token: OpenClaw can use it but
 * cannot spend the refresh token, so it can never race Claude Code. `full: true` copies the
 * refresh token too (opt-in; both sides may then rotate it and log each other out).
 */
export const LinkTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('openclaw-profile'),
    file: z.string(),
    profileId: z.string(),
    full: z.optional(z.boolean()),
  }),
  z.object({ kind: z.literal('legacy-oauth'), file: z.string(), full: z.optional(z.boolean()) }),
  z.object({
    kind: z.literal('env-file'),
    file: z.string(),
    variable: z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)),
  }),
  z.object({
    kind: z.literal('openclaw-cli'),
    stateDir: z.string(),
    agent: z.string(),
    profileId: z.string(),
  }),
]);

export type LinkTarget = z.infer<typeof LinkTargetSchema>;

/** The id of a SQLite-store target (written through the openclaw CLI): also the key its pastes are remembered by. */
export function cliTargetId(stateDir: string, agent: string, profileId: string): string {
  return `openclaw-cli:${stateDir}#${agent}/${profileId}`;
}

/** What Clawkeeper last pasted into a SQLite-store target: a fingerprint and the expiry it asked for. */
export interface PushedCopy {
  readonly fingerprint: string;
  readonly expiresAt: number | null;
}

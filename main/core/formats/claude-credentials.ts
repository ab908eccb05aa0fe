import * as z from 'zod/mini';
import { secretOrNull, type Secret } from '../kernel/secret.ts';
import { parseJsonWith, type Parsed } from './parse.ts';

/** `claudeAiOauth` as Claude Code 2.1.x writes it (docs/domain.md §2). Unknown keys are kept. */
export const ClaudeAiOauthSchema = z.looseObject({
  accessToken: z.string(),
  refreshToken: z.optional(z.string()),
  expiresAt: z.number(),
  scopes: z.optional(z.array(z.string())),
  subscriptionType: z.optional(z.nullable(z.string())),
  rateLimitTier: z.optional(z.nullable(z.string())),
  /** Claude Code 2.1.3xx: when the sign-in itself ends (epoch ms); it warns 3 days ahead */
  refreshTokenExpiresAt: z.optional(z.nullable(z.number())),
  /** Claude Code 2.1.3xx, on a blanked login: why (`time_limit`: the sign-in reached its end) */
  loginEnded: z.optional(z.nullable(z.string())),
});

/** The whole `.credentials.json` (or the Keychain item's secret): other sections such as `mcpOAuth` kept. */
export const ClaudeCredentialsSchema = z.looseObject({
  claudeAiOauth: z.optional(ClaudeAiOauthSchema),
});

export type ClaudeCredentialsFile = z.infer<typeof ClaudeCredentialsSchema>;

/** The login in a form the rest of the program can use without touching raw values. */
export interface ClaudeLogin {
  readonly access: Secret | null;
  readonly refresh: Secret | null;
  /** epoch ms; 0 when blanked */
  readonly expiresAt: number;
  readonly scopes: readonly string[];
  readonly subscriptionType: string | null;
  /** Claude Code blanks the three token fields after a rejected refresh. */
  readonly blanked: boolean;
  /** the end of the sign-in (refresh token), when Claude Code recorded it */
  readonly refreshTokenExpiresAt: number | null;
  /** why Claude Code blanked the login (`time_limit`), when it said */
  readonly loginEnded: string | null;
}

export function parseClaudeCredentials(text: string): Parsed<ClaudeCredentialsFile> {
  return parseJsonWith(text, ClaudeCredentialsSchema);
}

export function loginOf(file: ClaudeCredentialsFile): ClaudeLogin | null {
  const o = file.claudeAiOauth;
  if (!o) return null;
  const access = secretOrNull(o.accessToken);
  const refresh = secretOrNull(o.refreshToken);
  return {
    access,
    refresh,
    expiresAt: o.expiresAt,
    scopes: o.scopes ?? [],
    subscriptionType: o.subscriptionType ?? null,
    blanked: access === null && refresh === null && o.expiresAt === 0,
    refreshTokenExpiresAt:
      typeof o.refreshTokenExpiresAt === 'number' && o.refreshTokenExpiresAt > 0
        ? o.refreshTokenExpiresAt
        : null,
    loginEnded: o.loginEnded ?? null,
  };
}

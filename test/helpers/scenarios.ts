import { access, refresh } from './fixture-home.ts';

/**
 * Named scenarios shared by the suites, written the way the real programs write them. Each
 * comes from a seed story; a test that needs one imports it instead of writing it by hand.
 */

/** The seed bug's config side (the mode/type issue thread): OpenClaw's config says `mode: "token"`. */
export const SEED_BUG_CONFIG_PROFILES = {
  'anthropic:default': { provider: 'anthropic', mode: 'token' },
} as const;

/**
 * The seed bug's store side: `anthropic:default` holds a full OAuth login (`type: "oauth"`), so
 * the profile is silently ineligible and requests fail with 401 Invalid bearer token.
 */
export function seedBugStore(seed: string, expires: number, refreshToken: string = refresh(seed)) {
  return {
    version: 1,
    profiles: {
      'anthropic:default': {
        type: 'oauth',
        provider: 'anthropic',
        access: access(seed),
        refresh: refreshToken,
        expires,
      },
    },
  };
}

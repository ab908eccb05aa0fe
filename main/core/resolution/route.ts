/**
 * What the resolution model answers, per install × agent: "the gateway will send X, then fall
 * back to Y", with every candidate it skips and why. Plain JSON, no secrets (fingerprints only):
 * this is the `routes[]` part of `clawkeeper.status/1` (see docs/openclaw-resolution.md).
 */

/** One thing the gateway may send for a provider. */
export interface RouteStep {
  /**
   * `profile`: a stored auth profile; `env`: an environment variable (the process, a `.env` file
   * OpenClaw loads, the config's `env` block); `cli`: the `claude` binary run with its own login
   * (the `claude-cli` route); `config`: `models.providers.<provider>.apiKey` in openclaw.json.
   */
  readonly kind: 'profile' | 'env' | 'cli' | 'config';
  readonly profileId: string | null;
  readonly variable: string | null;
  /** the id of the credential in `credentials[]`, when Clawkeeper reports it */
  readonly credential: string | null;
  readonly fingerprint: string | null;
}

/** A candidate the gateway passes over, and why (OpenClaw's own reason where it has one). */
export interface SkippedCandidate {
  readonly credential: string | null;
  readonly profileId: string | null;
  readonly why: string;
}

/** Where Claude Code's login (or a copy of it) stands in an agent's route. */
export type SubscriptionPlace = 'first' | 'fallback' | 'not-sent' | 'absent';

export interface AgentRoute {
  /** set by the hosts report for remote hosts, as on credentials */
  readonly host?: string;
  readonly install: string;
  readonly agent: string;
  /** the OpenClaw/Clawdbot version whose rules were applied (null: unknown, its generation's rules) */
  readonly release: string | null;
  /** the agent's effective primary model ref, e.g. `anthropic/claude-sonnet-4-5` */
  readonly model: string | null;
  readonly provider: string | null;
  /** that provider is served by Claude credentials (`anthropic`, `claude-cli`) */
  readonly claude: boolean;
  /** what the gateway sends first for that provider; null: nothing usable */
  readonly sends: RouteStep | null;
  readonly fallbacks: readonly RouteStep[];
  readonly skipped: readonly SkippedCandidate[];
  readonly subscription: SubscriptionPlace;
}

/** The `claude-cli` route: the gateway runs `claude`, which sends Claude Code's own login. */
export function cliStep(login: { readonly id: string; readonly fingerprint: string | null }): RouteStep {
  return {
    kind: 'cli',
    profileId: null,
    variable: null,
    credential: login.id,
    fingerprint: login.fingerprint,
  };
}

/** Whether the gateway sends a credential: first, as a fallback, never, or no agent uses its provider. */
export type SentPlace = 'first' | 'fallback' | 'never' | 'unused';

/** Providers served by Claude credentials: the Anthropic API and the route that runs `claude` itself. */
export const CLAUDE_ROUTE_PROVIDERS: ReadonlySet<string> = new Set(['anthropic', 'claude-cli']);

/** The credential id of a stored profile, as `credentials[]` names it (`openclaw:main/anthropic:default`). */
export function profileCredentialId(install: string, agent: string, profileId: string): string {
  return `${install}:${agent}/${profileId}`;
}

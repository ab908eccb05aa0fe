import type { Secret } from '../core/kernel/secret.ts';

/** One profile as `openclaw models status --json` reports it (SQLite generations: the only safe read). */
export interface CliProfileStatus {
  readonly profileId: string;
  readonly provider: string | null;
  readonly type: string | null;
  /** OpenClaw's own verdict: ok | expiring | expired | static | missing | … */
  readonly status: string;
  readonly expiresAt: number | null;
  /** why, when OpenClaw says (`expired`, `invalid_expires`, …); SQLite releases drop `expiresAt` of an expired token */
  readonly reasonCode?: string | null;
}

/** One provider of `auth.oauth.providers[]`: the profiles OpenClaw would use, in its order. */
export interface CliProviderStatus {
  readonly provider: string;
  /** `effectiveProfiles`: what the gateway tries, first first */
  readonly effective: readonly string[];
  /** every profile of the provider OpenClaw lists */
  readonly listed: readonly string[];
}

export type CliStatusResult =
  | {
      ok: true;
      profiles: CliProfileStatus[];
      durationMs: number;
      /** per provider, OpenClaw's own effective order (absent from older fakes) */
      providers?: readonly CliProviderStatus[];
      /** `missingProvidersInUse`: providers an agent's model needs and nothing usable serves */
      missing?: readonly string[];
    }
  | { ok: false; error: string; code: 'cli-missing' | 'cli-failed' | 'migration-required' };

export interface CliPasteTarget {
  readonly stateDir: string;
  readonly configPath: string | null;
  /** `--agent` (OpenClaw 2026.9+); null: OpenClaw's default agent */
  readonly agentId: string | null;
  readonly profileId: string;
  /** `--expires-in` value such as `365d`; null: no expiry recorded */
  readonly expiresIn: string | null;
  /** goes to the child's stdin, never to argv */
  readonly token: Secret;
}

export type CliPasteResult =
  | { ok: true; durationMs: number }
  | { ok: false; error: string; code: 'cli-missing' | 'cli-failed' | 'migration-required' };

/** The `openclaw` CLI as an interface (docs/domain.md §4). Every call is bounded by a timeout. */
export interface OpenClawCli {
  /** absolute path of the executable, or null when OpenClaw is not installed here */
  locate(): Promise<string | null>;
  /** `2026.9.6`, read cheaply (package.json beside the binary) or from `openclaw --version` */
  version(): Promise<string | null>;
  /**
   * Looks again for the installed release (a running keeper, once per pass): finds the command on
   * PATH again and notices a changed package (another release installed, a symlink swapped). What
   * `locate`, `version` and the release's option list said is forgotten when anything changed.
   * Cheap: a few `stat` calls. Resolves to true when something changed.
   */
  revalidate?(): Promise<boolean>;
  /** The folders whose change means "another release": the command's folder on PATH and its package's. */
  installationDirs?(): Promise<readonly string[]>;
  modelsStatus(target: {
    stateDir: string;
    configPath: string | null;
    agentId: string;
  }): Promise<CliStatusResult>;
  /** `openclaw models auth paste-token --provider anthropic …` with the token on stdin (SQLite generations). */
  pasteToken(target: CliPasteTarget): Promise<CliPasteResult>;
}

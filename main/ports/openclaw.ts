import type { Secret } from '../core/kernel/secret.ts';

/** One profile as `openclaw models status --json` reports it (SQLite generations: the only safe read). */
export interface CliProfileStatus {
  readonly profileId: string;
  readonly provider: string | null;
  readonly type: string | null;
  /** OpenClaw's own verdict: ok | expiring | expired | static | missing | … */
  readonly status: string;
  readonly expiresAt: number | null;
}

export type CliStatusResult =
  | { ok: true; profiles: CliProfileStatus[]; durationMs: number }
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
  modelsStatus(target: {
    stateDir: string;
    configPath: string | null;
    agentId: string;
  }): Promise<CliStatusResult>;
  /** `openclaw models auth paste-token --provider anthropic …` with the token on stdin (SQLite generations). */
  pasteToken(target: CliPasteTarget): Promise<CliPasteResult>;
}

import type { HostsControl } from './hosts/hosts-monitor.ts';
/**
 * The contracts between the core and its faces (CLI, tray, window). Plain JSON shapes except
 * where a `Secret` travels inwards; nothing here ever carries a token value outwards.
 */
import type { Finding, StatusReport } from './health/report.ts';
import type { Secret } from './kernel/secret.ts';
import type { Settings } from './settings/settings.ts';
import type { TokenClass } from './formats/token.ts';

// ---- the keeper ---------------------------------------------------------------------------

export type KeeperEvent =
  | { type: 'status'; at: number; report: StatusReport }
  | { type: 'refreshed'; at: number; credential: string; fingerprint: string; expiresAt: number }
  | { type: 'refresh-skipped'; at: number; credential: string; reason: string }
  | {
      type: 'refresh-failed';
      at: number;
      credential: string;
      error: string;
      retryable: boolean;
      attempt: number;
      nextAttemptAt: number | null;
    }
  | { type: 'needs-reauth'; at: number; credential: string; reason: string; hint: string }
  | { type: 'synced'; at: number; link: string; target: string; fingerprint: string; backupId: string | null }
  | { type: 'sync-failed'; at: number; link: string; target: string; error: string }
  | { type: 'stale-copy'; at: number; credential: string; source: string }
  | { type: 'reloaded'; at: number; command: string; ok: boolean; detail: string }
  | { type: 'woke'; at: number; sleptMs: number }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  | { type: 'error'; at: number; message: string };

export type KeeperEventType = KeeperEvent['type'];

export interface KeeperControl {
  start(): Promise<void>;
  /** stops timers and watchers and releases every lock */
  stop(): Promise<void>;
  refreshNow(opts?: { force?: boolean }): Promise<void>;
  syncNow(): Promise<void>;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** the latest report, or null before the first check */
  current(): StatusReport | null;
  /** recent events, oldest first (bounded) */
  history(): readonly KeeperEvent[];
  on(listener: (e: KeeperEvent) => void): () => void;
}

// ---- setup-token intake and doctor ---------------------------------------------------------

export interface TokenVerdict {
  readonly ok: boolean;
  readonly class: TokenClass;
  /** whitespace or line breaks were stripped to get a usable token */
  readonly repaired: boolean;
  /** what is wrong and what to do, secret-free */
  readonly message: string;
  readonly masked: string | null;
  /** e.g. an API key was pasted: offer to store it as an API key instead */
  readonly suggestion: 'store-as-api-key' | null;
}

export interface PasteRequest {
  readonly token: Secret;
  /** install label (`openclaw`, `clawdbot`, …); default: the first one found */
  readonly install?: string;
  /** agent ids; default: every agent of the install */
  readonly agents?: readonly string[];
  /** default `anthropic:manual` */
  readonly profileId?: string;
  /** default 365; null: no expiry recorded */
  readonly expiresInDays?: number | null;
  readonly verify?: boolean;
  readonly asApiKey?: boolean;
}

export interface PasteTarget {
  readonly install: string;
  readonly agent: string;
  readonly profileId: string;
  readonly location: string;
  readonly via: 'file' | 'openclaw-cli';
  readonly backupId: string | null;
  readonly configChanged: boolean;
}

export interface PasteResult {
  readonly fingerprint: string;
  readonly masked: string;
  readonly expiresAt: number | null;
  readonly targets: readonly PasteTarget[];
  readonly vault: 'stored' | 'unavailable';
  readonly verify: null | 'valid' | 'invalid-bearer' | 'network-error';
  readonly notes: readonly string[];
}

export interface FixStep {
  /** what will change, without secret values */
  readonly description: string;
  readonly files: readonly string[];
}

export interface DoctorFinding extends Finding {
  /** stable id of this finding instance (check + subject) */
  readonly id: string;
  readonly fixable: boolean;
  readonly plan: readonly FixStep[];
  /** what a human must do when it cannot be fixed automatically */
  readonly manualSteps: readonly string[];
}

export interface DoctorReport {
  readonly generatedAt: number;
  /** `verdictExitCode` of the same judgment `status --check` reads */
  readonly exitCode: 0 | 1 | 2;
  readonly findings: readonly DoctorFinding[];
  /** how each install's running gateway picks up a change, in its own CLI (`clawdbot gateway restart`, …) */
  readonly reloadCommands?: readonly string[];
}

export interface DoctorApplyResult {
  readonly applied: ReadonlyArray<{ id: string; backupIds: readonly string[] }>;
  readonly failed: ReadonlyArray<{ id: string; error: string }>;
  readonly after: DoctorReport;
}

// ---- what the tray app needs ---------------------------------------------------------------

export interface AppServices {
  readonly keeper: KeeperControl;
  validateToken(raw: string): TokenVerdict;
  pasteToken(req: PasteRequest): Promise<PasteResult>;
  doctor(): Promise<DoctorReport>;
  applyFixes(ids: readonly string[] | null, dryRun: boolean): Promise<DoctorApplyResult>;
  settings(): Settings;
  updateSettings(patch: Record<string, unknown>): Promise<Settings>;
  readonly logsDir: string;
  /** the remote hosts over ssh (absent in builds without them) */
  readonly hosts?: HostsControl;
  /**
   * The running keeper's whole life (settings follower, alert duty, keeper, host copies), started
   * and stopped in one order by `compose/runtime.ts`; the face only starts and stops it.
   */
  readonly lifecycle: Lifecycle;
}

export interface Lifecycle {
  start(): Promise<void>;
  /** releases every lock; safe to call more than once */
  stop(): Promise<void>;
}

/**
 * A notice (a desktop notification or a daemon alert) and the policy's memory of what it told:
 * the shapes the notification policy, its sources and every face share.
 */

export type NoticeTarget =
  | { view: 'fix'; credential: string; command: string | null; reason: string }
  | { view: 'paste'; credential: string }
  | { view: 'doctor' }
  /** the window on the credentials and their usage windows */
  | { view: 'credentials'; credential: string };

/** What a notice is about, for alert bodies (fingerprints only, never a token). */
export interface NoticeSubject {
  readonly credential: string | null;
  readonly state: string | null;
  readonly reason: string;
  readonly hint: string | null;
  readonly fingerprint: string | null;
}

export interface Notice {
  readonly key: string;
  /** 1 info, 2 warning, 3 a human is needed now; 0 on a "resolved" notice */
  readonly level: number;
  readonly title: string;
  readonly body: string;
  readonly target: NoticeTarget;
  readonly subject?: NoticeSubject;
  /** set when an earlier, lower level of the same key was shown */
  readonly escalated?: boolean;
  /** a judgment on unsettled evidence: shown only once the next pass still finds it */
  readonly unsettled?: true;
}

export interface SentEntry {
  /** the highest level shown (0: known but not shown yet, e.g. held by quiet hours) */
  readonly level: number;
  readonly at: number;
  readonly title?: string;
  readonly subject?: NoticeSubject;
  /**
   * Raised by an event rather than the report: over only on a `refreshed` event for the
   * credential or when the report shows it with another token than `fp` (e.g. a new login).
   */
  readonly sticky?: boolean;
  readonly fp?: string | null;
}

export interface PolicyMemory {
  /** key → level and when it was last notified */
  readonly sent: Readonly<Record<string, SentEntry>>;
  /** key → snoozed until (epoch ms) */
  readonly snoozed: Readonly<Record<string, number>>;
  /** unsettled judgments the last pass found, not told yet: key → the report that first found it */
  readonly pending?: Readonly<Record<string, number>>;
}

export const EMPTY_MEMORY: PolicyMemory = { sent: {}, snoozed: {} };

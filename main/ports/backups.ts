export interface BackupRecord {
  readonly id: string;
  /** epoch ms */
  readonly createdAt: number;
  /** the file that was about to change */
  readonly file: string;
  /** what changed it: `sync`, `paste-token`, `doctor --fix: mode-type-mismatch`, … */
  readonly reason: string;
  readonly size: number;
  readonly sha256: string;
}

/** Byte-for-byte copies of users' files, taken before Clawkeeper changes them. */
export interface Backups {
  save(file: string, content: string, reason: string): Promise<BackupRecord>;
  list(): Promise<BackupRecord[]>;
  /** Puts the saved bytes back (atomically); returns the record restored. */
  restore(id: string): Promise<BackupRecord>;
}

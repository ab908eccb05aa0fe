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
  /** permission bits to restore with the bytes (recorded when a fix changes only the mode) */
  readonly mode?: number;
  /**
   * kept whatever retention says: the file's first backup, and every backup taken before a fix,
   * paste, replace or restore (absent in records written before retention existed)
   */
  readonly protected?: boolean;
}

/** Byte-for-byte copies of users' files, taken before Clawkeeper changes them. */
export interface Backups {
  save(file: string, content: string, reason: string, opts?: { mode?: number }): Promise<BackupRecord>;
  list(): Promise<BackupRecord[]>;
  /** Puts the saved bytes back (atomically); returns the record restored. */
  restore(id: string): Promise<BackupRecord>;
  /**
   * Runs `fn` with its saves batched: each save still has its bytes and its record on disk
   * (fsynced) before it returns, but the index and retention are brought up to date once, when
   * the last batch running ends. A crash in between leaves every backup findable: the index is
   * rebuilt from the records beside the bytes.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
}

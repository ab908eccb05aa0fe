export interface LockHandle {
  release(): Promise<void>;
}

/** The lock protocols of the programs that own the tokens (docs/domain.md §2 and §4). */
export interface Locks {
  /**
   * OpenClaw's store lock: `<file>.lock` created exclusively with `{pid, createdAt}`, stale when
   * the pid is dead or it is older than 30 s; a `proper-lockfile` directory at the same path
   * (older OpenClaw) excludes us too. Waits up to `waitMs`, then throws AppError `lock-busy`.
   */
  openclawStore(file: string, waitMs: number): Promise<LockHandle>;
  /**
   * Claude Code's refresh lock: `<claudeDir>` with lockfile `.oauth_refresh.lock`, then the
   * legacy `<realpath(claudeDir)>.lock`, with Claude Code 2.1.332's owner record beside them
   * while held. Returns null when another process holds either (a recorded holder that is alive
   * holds it whatever its mtime; one proven dead is taken over).
   */
  claudeRefresh(claudeDir: string): Promise<LockHandle | null>;
  /** Claude Code's storage lock (`<claudeDir>/.storage-write.lock`), retried until `waitMs`. */
  claudeStorage(claudeDir: string, waitMs: number): Promise<LockHandle>;
  /**
   * Clears Claude Code's locks a killed process left behind, by Claude Code's own staleness rule
   * (taking and releasing each one that exists); a lock a live process holds is left alone.
   */
  clearStaleClaude?(claudeDir: string): Promise<void>;
  /** Removes OpenClaw `<file>.lock` files in `dirs` whose holder process is dead. */
  clearDeadOpenClawLocks?(dirs: readonly string[]): Promise<number>;
}

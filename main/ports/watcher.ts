/** Watches directories (never single inodes: writers replace files by rename). */
export interface Watcher {
  /** Starts watching; `onChange` gets the changed path. Returns a function that stops it. */
  watch(dirs: readonly string[], onChange: (path: string) => void): Promise<() => Promise<void>>;
}

/** File metadata the core needs; null from `stat` means the path does not exist. */
export interface FileStat {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** permission bits (mode & 0o777) */
  readonly mode: number;
  readonly uid: number;
  /** owning group (absent where the platform has none) */
  readonly gid?: number;
  readonly mtimeMs: number;
  readonly size: number;
}

/** Read side of the file system, as the core sees it. Missing paths give null, never throw. */
export interface Files {
  readText(path: string): Promise<string | null>;
  stat(path: string): Promise<FileStat | null>;
  /** Names in a directory, or null when it does not exist. */
  list(dir: string): Promise<string[] | null>;
  /** Whether the current user may write the path (false when it is missing or read-only). */
  canWrite(path: string): Promise<boolean>;
  /**
   * The path with every symlink resolved: the file a write of `path` lands in. A missing file
   * resolves through its folder; a path that cannot be resolved at all is given back as it is.
   */
  realPath(path: string): Promise<string>;
}

/** Write side. Every write of a file that may hold a secret goes through `writeAtomic`. */
export interface WritableFiles extends Files {
  /**
   * Replaces `path` atomically: temp file in the same directory (mode `mode`), fsync, rename
   * over the target, fsync the directory. A symlinked target is followed to its real path. A
   * replaced file keeps its owner, group and mode (a looser file of the user's own is tightened
   * to `mode`); `exact` sets `mode` regardless (a restore puts back the recorded mode).
   * `visibleFirst` (a new file of our own, the refresh journal): rename before the fsyncs, so the
   * file exists the instant the bytes are written.
   */
  writeAtomic(
    path: string,
    content: string,
    opts: { mode: number; exact?: boolean; visibleFirst?: boolean },
  ): Promise<void>;
  /**
   * Creates new files in `dir` (names nobody else uses: a backup and its record) crash-safely:
   * each is written to a temp file with exactly `mode` and fsynced (all at once), then renamed
   * into place in the order given, then the folder is fsynced once. A failure leaves no temp file.
   */
  writeNewFiles(
    dir: string,
    entries: readonly { name: string; content: string }[],
    mode: number,
  ): Promise<void>;
  /**
   * Removes this program's own temp files (`.<name>.ck-<hex>.tmp`) older than `olderThanMs` from
   * `dir`: the leftovers of a crash between temp write and rename. Returns how many it removed.
   */
  sweepTemps(dir: string, olderThanMs: number): Promise<number>;
  mkdirp(dir: string, mode: number): Promise<void>;
  remove(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

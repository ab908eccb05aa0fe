/** File metadata the core needs; null from `stat` means the path does not exist. */
export interface FileStat {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** permission bits (mode & 0o777) */
  readonly mode: number;
  readonly uid: number;
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
}

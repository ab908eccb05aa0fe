/** One read-only look into a SQLite database, valid only inside `SqliteReader.read`. */
export interface SqliteSnapshot {
  /** column names of a table in declaration order, or null when the table does not exist */
  columns(table: string): readonly string[] | null;
  /** the first row of a query (named columns), or undefined */
  get(sql: string, ...params: ReadonlyArray<string | number>): Record<string, unknown> | undefined;
}

export type SqliteRead<T> =
  | { readonly ok: true; readonly value: T }
  /** could not open or read the database: a secret-free reason */
  | { readonly ok: false; readonly error: string };

/**
 * The runtime's built-in SQLite (`node:sqlite`), read-only: never a write, never a write lock,
 * never a file created beside the database.
 */
export interface SqliteReader {
  /** null when the runtime has a usable built-in SQLite; else a sentence saying why not */
  unavailable(): Promise<string | null>;
  read<T>(path: string, fn: (db: SqliteSnapshot) => T): Promise<SqliteRead<T>>;
}

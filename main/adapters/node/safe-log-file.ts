import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { asideName } from './private-folder.ts';

const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

const myUid = typeof process.getuid === 'function' ? process.getuid() : null;

/**
 * Clawkeeper's log file, appended line by line through a descriptor that was opened without
 * following links and checked (`fstat`: a regular file of ours). A link or another user's file in
 * its place is moved aside, never written or chmodded; a folder that vanished (a cleaned home, a
 * tmpfs) is made again; a failure that remains is said once (per kind) through `onProblem`, never
 * thrown: logging must not stop the daemon or its signal handlers. Rotates to `.old.log` past
 * `maxBytes` (the size electron-log used to rotate at).
 */
export class SafeLogFile {
  readonly #said = new Set<string>();

  constructor(
    readonly file: string,
    private readonly opts: { maxBytes: number; onProblem: (message: string) => void },
  ) {}

  append(text: string): void {
    try {
      this.#append(text, true);
    } catch (e: unknown) {
      this.#problem(e);
    }
  }

  #problem(e: unknown): void {
    const code = (e as { code?: unknown } | null)?.code;
    const kind = typeof code === 'string' ? code : 'error';
    if (this.#said.has(kind)) return;
    this.#said.add(kind);
    this.opts.onProblem(
      `the log file ${this.file} cannot be written (${kind}); log lines are dropped until it can`,
    );
  }

  #append(text: string, again: boolean): void {
    const fd = this.#open(again);
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || (myUid !== null && st.uid !== myUid)) {
        closeSync(fd);
        this.#aside(this.file);
        if (again) this.#append(text, false);
        return;
      }
      if ((st.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
      if (st.size > this.opts.maxBytes) {
        closeSync(fd);
        renameSync(this.file, this.file.replace(/\.log$/, '') + '.old.log');
        if (again) this.#append(text, false);
        return;
      }
      writeSync(fd, text);
    } catch (e: unknown) {
      try {
        closeSync(fd);
      } catch {
        /* closed above */
      }
      throw e;
    }
    closeSync(fd);
  }

  #open(again: boolean): number {
    try {
      return openSync(this.file, APPEND, 0o600);
    } catch (e: unknown) {
      const code = (e as { code?: unknown } | null)?.code;
      if (!again) throw e;
      if (code === 'ENOENT') {
        // the folder vanished: made again (0700), then the line is written
        this.#ensureFolder();
        return this.#open(false);
      }
      if (code === 'ELOOP' || code === 'EMLINK') {
        this.#aside(this.file);
        return this.#open(false);
      }
      throw e;
    }
  }

  #ensureFolder(): void {
    const dir = dirname(this.file);
    const s = (() => {
      try {
        return lstatSync(dir);
      } catch {
        return null;
      }
    })();
    if (s && (s.isSymbolicLink() || !s.isDirectory() || (myUid !== null && s.uid !== myUid)))
      this.#aside(dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  #aside(path: string): void {
    const to = asideName(path);
    renameSync(path, to);
    this.opts.onProblem(`${path} was not Clawkeeper's: moved aside to ${to}; read it before removing it`);
  }
}

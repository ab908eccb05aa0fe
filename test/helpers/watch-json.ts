import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './run-cli.ts';

export type WatchLine = Record<string, unknown>;

export interface WatchProcess {
  readonly child: ChildProcess;
  /** every JSON line printed so far */
  readonly lines: WatchLine[];
  /** stderr so far */
  stderr(): string;
  /** resolves with the first line (from `from` on) matching `pred` */
  waitFor(what: string, pred: (e: WatchLine) => boolean, ms?: number, from?: number): Promise<WatchLine>;
  /** SIGTERM, then the exit code (SIGKILL after 15 s) */
  stop(): Promise<number | null>;
}

/** `clawkeeper watch --json` as a real process, with its JSON lines collected. */
export function watchJson(env: NodeJS.ProcessEnv): WatchProcess {
  const child = spawn(process.execPath, [BIN, 'watch', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const lines: WatchLine[] = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  child.stdout.on('data', (d: string) => {
    out += d;
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as WatchLine);
  });
  const waitFor = (what: string, pred: (e: WatchLine) => boolean, ms = 10_000, from = 0) =>
    new Promise<WatchLine>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(lines)} ${err}`)),
        ms,
      );
      const check = () => {
        const hit = lines.slice(from).find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`watch exited ${child.exitCode} while waiting for ${what}: ${err}`));
        } else setTimeout(check, 25);
      };
      check();
    });
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const hung = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((r) => child.once('close', r));
    clearTimeout(hung);
    return code;
  };
  return { child, lines, stderr: () => err, waitFor, stop };
}

import type { Io } from './command.ts';

const MAX_BYTES = 64 * 1024;

/** Reads a piped stdin to its end (bounded), as text. */
export async function readPiped(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > MAX_BYTES) throw new Error('stdin holds more than 64 KiB; pipe only the token');
  }
  return text;
}

type RawStdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };

/**
 * Asks for the token on a terminal without echoing it: raw mode, nothing printed per key.
 * Enter ends the input; Ctrl-C or Ctrl-D on an empty line aborts (returns null).
 */
export function promptHidden(stdin: RawStdin, stderr: Io['stderr'], prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    // raw mode (no echo) first, then the prompt: a paste that arrives right away is never echoed
    stdin.setRawMode?.(true);
    stderr.write(prompt);
    let value = '';
    stdin.resume();
    const done = (result: string | null) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return done(null);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ' || ch === '\t') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

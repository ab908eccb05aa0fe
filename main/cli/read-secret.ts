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

/** How long after a line break more pasted text may still arrive (one paste, several chunks). */
export const PASTE_SETTLE_MS = 120;

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/**
 * Asks for the token on a terminal without echoing it: raw mode, nothing printed per key.
 * A paste that the terminal wrapped over several lines is joined, as the piped path joins it:
 * line breaks inside a bracketed paste, or followed by more text in the same burst, are part of
 * the paste; Enter ends the input once nothing more arrives. Ctrl-C, or Ctrl-D on an empty line,
 * aborts (returns null).
 */
export function promptHidden(
  stdin: RawStdin,
  stderr: Io['stderr'],
  prompt: string,
  settleMs = PASTE_SETTLE_MS,
): Promise<string | null> {
  return new Promise((resolve) => {
    // raw mode (no echo) first, then the prompt: a paste that arrives right away is never echoed
    stdin.setRawMode?.(true);
    stderr.write('\u001b[?2004h' + prompt);
    let value = '';
    let inPaste = false;
    let pendingEnd: NodeJS.Timeout | null = null;
    let finished = false;
    stdin.resume();
    const done = (result: string | null) => {
      if (finished) return;
      finished = true;
      if (pendingEnd) clearTimeout(pendingEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\u001b[?2004l\n');
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (pendingEnd) {
        // more text right after a line break: the break was inside a paste
        clearTimeout(pendingEnd);
        pendingEnd = null;
      }
      for (let i = 0; i < text.length; i++) {
        if (text.startsWith(PASTE_START, i)) {
          inPaste = true;
          i += PASTE_START.length - 1;
          continue;
        }
        if (text.startsWith(PASTE_END, i)) {
          inPaste = false;
          i += PASTE_END.length - 1;
          continue;
        }
        const ch = text[i]!;
        if (ch === '\r' || ch === '\n') {
          if (inPaste) continue;
          if (i < text.length - 1) continue; // more of the same burst follows: a wrapped paste
          pendingEnd = setTimeout(() => done(value), settleMs);
          continue;
        }
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return done(null);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ' || ch === '\t') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

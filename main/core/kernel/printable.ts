/**
 * Text from a user's file (a profile id, a host name, a path, an error a program printed) as it may
 * reach a terminal or a log: control characters and the Unicode marks that reorder text are shown
 * escaped (`\x1b`, `\n`, `\u202e`), so a value can neither drive the terminal (escape sequences,
 * a rewritten title) nor fake a line of Clawkeeper's own output. The one escaping function every
 * renderer uses: text status, doctor, host output, watch lines, logs.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    );
  });
}

/** `printable` over every string of a plain JSON value (a report before it is rendered). */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => printableDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[printable(k)] = printableDeep(v);
    return out as T;
  }
  return value;
}

import JSON5 from 'json5';
import type * as z from 'zod/mini';

/** Result of reading a file we do not own: either a value or a secret-free reason. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function describeZod(error: z.core.$ZodError): string {
  const first = error.issues[0];
  if (!first) return 'unexpected shape';
  const where = first.path.length ? first.path.map(String).join('.') : '(top level)';
  // zod messages describe types, never echo values, so they are safe to show.
  return `${where}: ${first.message}`;
}

/** JSON.parse error text can quote the input; keep only position information. */
export function describeSyntax(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg) ?? /at (\d+:\d+)/.exec(msg);
  const line = /line (\d+)/.exec(msg);
  if (pos) return `invalid JSON near ${pos[0].replace('position', 'character')}`;
  if (line) return `invalid JSON near line ${line[1]}`;
  if (/end of (JSON|input)/i.test(msg)) return 'invalid JSON: unexpected end of file (truncated?)';
  return 'invalid JSON';
}

/**
 * JSON5, OpenClaw's config syntax. Most configs are plain JSON, for which the built-in parser
 * gives the same value (own `__proto__` keys, last duplicate wins) in a fraction of the time of
 * JSON5's character-by-character parser, which reads only the rest (and reports their errors).
 */
function parseJson5(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON5.parse(text);
  }
}

/**
 * No Claude Code, OpenClaw or Clawkeeper file nests anywhere near this deep; a deeper one is not
 * parsed at all (a config nested thousands of levels deep made status and every sync exit 70:
 * parsers and the code after them recurse).
 */
export const MAX_NESTING = 128;

/**
 * How deep arrays and objects nest in JSON, JSON5 or JSONC text (strings and comments skipped),
 * counted only until it passes `limit`: one pass over the characters, no parse.
 */
export function nestingDepth(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // a string ("…", or '…' in JSON5): skip to its end, escapes included
      for (i++; i < text.length && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else if (c === 91 || c === 123) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** The error for text nested deeper than `MAX_NESTING`, or null. */
export function nestingProblem(text: string): string | null {
  return nestingDepth(text) > MAX_NESTING
    ? `nested deeper than ${MAX_NESTING} levels, which no real file is; it was not read`
    : null;
}

export function parseJsonWith<T>(
  text: string,
  schema: z.ZodMiniType<T, unknown>,
  opts: { json5?: boolean } = {},
): Parsed<T> {
  const deep = nestingProblem(text);
  if (deep) return { ok: false, error: deep };
  let data: unknown;
  try {
    data = opts.json5 ? parseJson5(text) : JSON.parse(text);
  } catch (e: unknown) {
    return { ok: false, error: describeSyntax(e) };
  }
  const result = schema.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeZod(result.error) };
}

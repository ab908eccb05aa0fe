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

export function parseJsonWith<T>(
  text: string,
  schema: z.ZodMiniType<T, unknown>,
  opts: { json5?: boolean } = {},
): Parsed<T> {
  let data: unknown;
  try {
    data = opts.json5 ? parseJson5(text) : JSON.parse(text);
  } catch (e: unknown) {
    return { ok: false, error: describeSyntax(e) };
  }
  const result = schema.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeZod(result.error) };
}

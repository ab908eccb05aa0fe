/**
 * Edits of a JSON5/JSONC config that keep the user's comments and layout: the difference between
 * the document before and after a mutation is applied to the original text with `jsonc-parser`
 * (`modify` + `applyEdits`). Text using JSON5-only syntax jsonc-parser cannot read (unquoted keys,
 * single quotes, hex numbers, Infinity…) cannot be edited in place; callers then rewrite it as
 * plain JSON and say so before writing.
 */
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify, parse, type JSONPath, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import JSON5 from 'json5';

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether `text` can be edited in place (JSON with comments and trailing commas). */
export function editableInPlace(text: string): boolean {
  const errors: ParseError[] = [];
  parse(text, errors, PARSE_OPTIONS);
  return errors.length === 0;
}

function diff(a: unknown, b: unknown, path: JSONPath, out: Array<[JSONPath, unknown]>): void {
  if (isObj(a) && isObj(b)) {
    for (const k of Object.keys(a)) if (!(k in b)) out.push([[...path, k], undefined]);
    for (const k of Object.keys(b)) {
      if (k in a && isDeepStrictEqual(a[k], b[k])) continue;
      if (k in a && isObj(a[k]) && isObj(b[k])) diff(a[k], b[k], [...path, k], out);
      else out.push([[...path, k], b[k]]);
    }
    return;
  }
  if (!isDeepStrictEqual(a, b)) out.push([path, b]);
}

function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /\n([ \t]+)["'A-Za-z_$]/.exec(text);
  if (m?.[1]?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: m?.[1]?.length ?? 2 };
}

/**
 * `text` with the changes from `before` to `after` applied in place, every comment and all the
 * layout around them kept; null when the text's syntax does not allow it (or the result would not
 * read back as `after`).
 */
export function editInPlace(text: string, before: unknown, after: unknown): string | null {
  if (!editableInPlace(text)) return null;
  const changes: Array<[JSONPath, unknown]> = [];
  diff(before, after, [], changes);
  const formattingOptions = { ...indentOf(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let out = text;
  for (const [path, value] of changes) out = applyEdits(out, modify(out, path, value, { formattingOptions }));
  try {
    return isDeepStrictEqual(JSON5.parse(out), after) ? out : null;
  } catch {
    return null;
  }
}

/** What a plan says before a config that cannot be edited in place is written. */
export function rewriteNote(path: string): string {
  return `${path} uses JSON5 syntax that cannot be edited in place (unquoted keys, single quotes, hex numbers, Infinity or multi-line strings): it will be rewritten as plain JSON and its comments are lost (a backup is taken first)`;
}

/**
 * Edits of a JSON5/JSONC config that keep the user's comments and layout: the difference between
 * the document before and after a mutation is applied to the original text with `jsonc-parser`
 * (`modify` + `applyEdits`). Text using JSON5-only syntax jsonc-parser cannot read (unquoted keys,
 * single quotes, hex numbers, Infinity…) cannot be edited in place; callers then rewrite it as
 * plain JSON and say so before writing.
 *
 * The text is parsed once (`parseConfigDocument` with spans): each change is applied to the text
 * of the innermost object that holds it, never to the whole file, so a 10 MB config costs one
 * parse, not one per change plus a check of the result (jsonc-parser's `modify` re-parses the
 * text it is given).
 */
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify, parse, type JSONPath, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { configParses, parseConfigDocument, type ConfigDocument } from '../formats/config-document.ts';

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether `text` can be edited in place (JSON with comments and trailing commas). */
export function editableInPlace(text: string): boolean {
  const r = parseConfigDocument(text);
  return r.ok && r.value.inPlace;
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

/** The value at `path` in `doc`, or undefined. */
function at(doc: unknown, path: JSONPath): unknown {
  let v = doc;
  for (const k of path) v = isObj(v) ? v[k as string] : undefined;
  return v;
}

/** How many leading keys of `path` name objects that exist in `doc` with a known span. */
function scopeDepth(doc: unknown, path: JSONPath, spans: WeakMap<object, unknown>): number {
  let v = doc;
  let depth = 0;
  for (let i = 0; i < path.length - 1; i++) {
    v = isObj(v) ? v[path[i] as string] : undefined;
    if (!isObj(v) || !spans.has(v)) break;
    depth = i + 1;
  }
  return depth;
}

const startsWith = (path: JSONPath, prefix: JSONPath) => prefix.every((k, i) => path[i] === k);

/**
 * `text` with the changes from `document.doc` (parsed from `text` with spans) to `after` applied
 * in place, every comment and all the layout around them kept; null when the text's syntax does
 * not allow it (or an edited object would not read back as it should).
 */
export function editInPlace(text: string, document: ConfigDocument, after: unknown): string | null {
  const { doc: before, spans } = document;
  if (!document.inPlace || !spans || !isObj(before)) return null;
  const changes: Array<[JSONPath, unknown]> = [];
  diff(before, after, [], changes);
  // changes grouped by the object whose text they edit; an object inside another's group joins it
  const groups: Array<{ scope: JSONPath; changes: Array<[JSONPath, unknown]> }> = [];
  const scoped = changes.map(([path, value]) => ({ path, value, depth: scopeDepth(before, path, spans) }));
  for (const c of scoped.sort((x, y) => x.depth - y.depth)) {
    const scope = c.path.slice(0, c.depth);
    const group = groups.find((g) => startsWith(scope, g.scope));
    const rel: [JSONPath, unknown] = [c.path, c.value];
    if (group) group.changes.push(rel);
    else groups.push({ scope, changes: [rel] });
  }
  const formattingOptions = { ...indentOf(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const edits = groups.map((g) => {
    const span = (spans.get(at(before, g.scope) as object) as
      { offset: number; length: number } | undefined)!;
    return { g, span };
  });
  let out = text;
  // from the end of the text backwards, so the offsets of the objects before stay right
  for (const { g, span } of edits.sort((a, b) => b.span.offset - a.span.offset)) {
    // the object's text on its own, after the indentation of its first line, so that inserted
    // lines are indented as they would be in the whole file
    const lineStart = text.lastIndexOf('\n', span.offset - 1) + 1;
    const lead = /^[ \t]*/.exec(text.slice(lineStart, span.offset))![0];
    // a change at the top level edits the whole text: modify parses it per change, then the check
    if (g.scope.length === 0) configParses.count += g.changes.length + 1;
    let sub = lead + text.slice(span.offset, span.offset + span.length);
    for (const [path, value] of g.changes)
      sub = applyEdits(sub, modify(sub, path.slice(g.scope.length), value, { formattingOptions }));
    const errors: ParseError[] = [];
    const back: unknown = parse(sub, errors, PARSE_OPTIONS);
    if (errors.length > 0 || !sub.startsWith(lead) || !isDeepStrictEqual(back, at(after, g.scope)))
      return null;
    out = out.slice(0, span.offset) + sub.slice(lead.length) + out.slice(span.offset + span.length);
  }
  return out;
}

/** What a plan says before a config that cannot be edited in place is written. */
export function rewriteNote(path: string): string {
  return `${path} uses JSON5 syntax that cannot be edited in place (unquoted keys, single quotes, hex numbers, Infinity or multi-line strings): it will be rewritten as plain JSON and its comments are lost (a backup is taken first)`;
}

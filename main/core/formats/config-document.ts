/**
 * openclaw.json read once: one pass over the text gives the document, whether it can be edited in
 * place (JSONC: comments and trailing commas, which jsonc-parser reads) and, when asked, where each
 * object sits in the text, so an edit touches only the objects it changes. A 10 MB config used to
 * be parsed about six times per `doctor --fix` (1.2 GB); every whole-text parse goes through
 * here and is counted (`configParses`), so tests can hold the count down.
 */
import { visit, type ParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import JSON5 from 'json5';
import { describeSyntax, nestingProblem } from './parse.ts';

export interface Span {
  readonly offset: number;
  readonly length: number;
}

export interface ConfigDocument {
  /** the document as written: every key kept, in order */
  readonly doc: unknown;
  /** JSONC syntax: edits can be applied to the text; false for JSON5-only syntax */
  readonly inPlace: boolean;
  /** where each object of `doc` is in the text (only when asked for, and only when `inPlace`) */
  readonly spans: WeakMap<object, Span> | null;
}

/** Whole-text parses of a config since the process started: instrumentation for tests. */
export const configParses = { count: 0 };

/** Thrown out of jsonc-parser's visitor at the first error, so JSON5 syntax costs no full extra pass. */
class NotJsonc extends Error {}

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

function setKey(parent: Record<string, unknown>, key: string, value: unknown): void {
  // as JSON.parse and JSON5 do: "__proto__" is an own key, never the prototype
  if (key === '__proto__')
    Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  else parent[key] = value;
}

function parseJsonc(text: string, withSpans: boolean): ConfigDocument {
  const spans = withSpans ? new WeakMap<object, Span>() : null;
  const root: unknown[] = [];
  let parent: Record<string, unknown> | unknown[] = root;
  let key: string | null = null;
  const parents: Array<{ parent: Record<string, unknown> | unknown[]; key: string | null; offset: number }> =
    [];
  const add = (value: unknown) => {
    if (Array.isArray(parent)) parent.push(value);
    else if (key !== null) setKey(parent, key, value);
  };
  const begin = (made: Record<string, unknown> | unknown[], offset: number) => {
    add(made);
    parents.push({ parent, key, offset });
    parent = made;
    key = null;
  };
  const end = (offset: number, length: number) => {
    const up = parents.pop()!;
    if (spans && !Array.isArray(parent))
      spans.set(parent, { offset: up.offset, length: offset + length - up.offset });
    parent = up.parent;
    key = up.key;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => begin({}, offset),
      onObjectProperty: (name) => void (key = name),
      onObjectEnd: end,
      onArrayBegin: (offset) => begin([], offset),
      onArrayEnd: end,
      onLiteralValue: add,
      onError: (_code: ParseErrorCode) => {
        throw new NotJsonc();
      },
    },
    OPTIONS,
  );
  return { doc: root[0], inPlace: true, spans };
}

/**
 * The config's document from its text in one pass: jsonc-parser reads JSONC (and stops at the
 * first JSON5-only token), JSON5 reads the rest. `spans` records where each object is, for edits.
 */
export function parseConfigDocument(
  text: string,
  opts: { spans?: boolean } = {},
): { ok: true; value: ConfigDocument } | { ok: false; error: string } {
  configParses.count++;
  const deep = nestingProblem(text);
  if (deep) return { ok: false, error: deep };
  try {
    return { ok: true, value: parseJsonc(text, opts.spans === true) };
  } catch (e: unknown) {
    if (!(e instanceof NotJsonc)) throw e;
  }
  try {
    return { ok: true, value: { doc: JSON5.parse(text), inPlace: false, spans: null } };
  } catch (e: unknown) {
    return { ok: false, error: describeSyntax(e) };
  }
}

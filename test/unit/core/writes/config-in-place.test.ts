import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, modify, type JSONPath } from 'jsonc-parser/lib/esm/main.js';
import { configParses, parseConfigDocument } from '../../../../main/core/formats/config-document.ts';
import { editInPlace } from '../../../../main/core/writes/config-in-place.ts';

const TEXT = `// my gateway
{
  "agents": { "list": [{ "id": "main" }] }, // one agent
  "auth": {
    "profiles": {
      "anthropic:manual": { "provider": "anthropic", "mode": "api_key" }, // OpenClaw stores a token
    },
    "order": { "anthropic": ["anthropic:gone", "anthropic:manual"] },
    /* by hand */
    "deep": {
      "a": { "b": 1 }
    }
  },
}
`;

type Change = [JSONPath, unknown];

/** What jsonc-parser's `modify` gives when run on the whole text, change after change. */
function wholeText(text: string, changes: Change[]): string {
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  for (const [p, v] of changes) text = applyEdits(text, modify(text, p, v, { formattingOptions }));
  return text;
}

function applied(doc: unknown, changes: Change[]): unknown {
  const out = structuredClone(doc) as Record<string, unknown>;
  for (const [p, v] of changes) {
    let o = out;
    for (const k of p.slice(0, -1)) o = (o[k as string] ??= {}) as Record<string, unknown>;
    if (v === undefined) delete o[p.at(-1) as string];
    else o[p.at(-1) as string] = v;
  }
  return out;
}

const CASES: Array<[string, Change[]]> = [
  ['a value in a one-line object', [[['auth', 'profiles', 'anthropic:manual', 'mode'], 'token']]],
  ['an array replaced', [[['auth', 'order', 'anthropic'], ['anthropic:manual']]]],
  [
    'a new object inserted',
    [[['auth', 'profiles', 'anthropic:new'], { provider: 'anthropic', mode: 'token' }]],
  ],
  [
    'a key added and one removed in a nested object',
    [
      [['auth', 'deep', 'a', 'c'], 2],
      [['auth', 'deep', 'a', 'b'], undefined],
    ],
  ],
  ['an object removed', [[['auth', 'order'], undefined]]],
  [
    'changes in two objects at once',
    [
      [['auth', 'profiles', 'anthropic:manual', 'mode'], 'token'],
      [
        ['agents', 'list'],
        [{ id: 'main' }, { id: 'work' }],
      ],
    ],
  ],
  ['a key added at the top level', [[['meta'], { lastTouchedVersion: '2026.6.1' }]]],
  ['a missing parent created', [[['auth', 'lastGood', 'anthropic'], 'anthropic:manual']]],
];

describe('editInPlace edits only the objects it changes', () => {
  for (const [name, changes] of CASES)
    it(`${name}: the same text as jsonc-parser's modify on the whole file`, () => {
      const r = parseConfigDocument(TEXT, { spans: true });
      assert.ok(r.ok && r.value.inPlace);
      const out = editInPlace(TEXT, r.value, applied(r.value.doc, changes));
      assert.equal(out, wholeText(TEXT, changes));
    });

  it('a change inside an object costs no parse of the whole text; one at the top level does', () => {
    const r = parseConfigDocument(TEXT, { spans: true });
    assert.ok(r.ok);
    const n = configParses.count;
    editInPlace(TEXT, r.value, applied(r.value.doc, CASES[0]![1]));
    assert.equal(configParses.count - n, 0);
    editInPlace(TEXT, r.value, applied(r.value.doc, [[['meta'], {}]]));
    assert.equal(configParses.count - n, 2, 'modify parses the whole text, then the check');
  });

  it('"__proto__" is read as an own key, as JSON.parse reads it', () => {
    const r = parseConfigDocument('{ "__proto__": { "polluted": true }, "a": 1 }');
    assert.ok(r.ok);
    const doc = r.value.doc as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  });

  it('JSON5-only syntax is read by JSON5 and is not editable in place', () => {
    const r = parseConfigDocument("// c\n{ a: 'x', b: 0x10, }");
    assert.ok(r.ok);
    assert.deepEqual(r.value, { doc: { a: 'x', b: 16 }, inPlace: false, spans: null });
    assert.equal(parseConfigDocument('{ "a": 1 } }').ok, false);
    assert.equal(parseConfigDocument('').ok, false);
  });
});

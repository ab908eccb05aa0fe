import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printable, printableDeep } from '../../../../main/core/kernel/printable.ts';
import { MAX_NESTING, nestingDepth, parseJsonWith } from '../../../../main/core/formats/parse.ts';
import { parseConfigDocument } from '../../../../main/core/formats/config-document.ts';
import { readHostsConfig } from '../../../../main/core/hosts/host-settings.ts';
import * as z from 'zod/mini';

describe("values from users' files on a terminal", () => {
  it('show control characters and text-reordering marks escaped, everything else as it is', () => {
    assert.equal(printable('anthropic:work'), 'anthropic:work');
    assert.equal(printable('ünïcödé ✓ 日本'), 'ünïcödé ✓ 日本');
    assert.equal(printable('a\u001b]0;pwned\u0007b'), 'a\\x1b]0;pwned\\x07b');
    assert.equal(printable('ok\nok        expired'), 'ok\\nok        expired');
    assert.equal(printable('x\r\t\u007f\u009b'), 'x\\r\\t\\x7f\\x9b');
    assert.equal(printable('evil\u202etxt.exe'), 'evil\\u202etxt.exe');
    assert.deepEqual(printableDeep({ a: ['\u001b[31m', 1, null], 'k\u0007': true }), {
      a: ['\\x1b[31m', 1, null],
      'k\\x07': true,
    });
  });
});

describe('nesting depth', () => {
  const deep = (n: number) => '{"a":' + '['.repeat(n) + ']'.repeat(n) + '}';
  it('is counted outside strings and comments, in JSON, JSON5 and JSONC alike', () => {
    assert.equal(nestingDepth('{"a":[1,{"b":"[[[[{{{{"}]}'), 3);
    assert.equal(nestingDepth("{a: '[[[[', // [[[[\n b: /* {{{{ */ [1]}"), 2);
    assert.equal(nestingDepth('"\\"[[["'), 0);
    assert.equal(nestingDepth(deep(MAX_NESTING - 1)), MAX_NESTING);
  });

  it('past the limit, no format is parsed and the error says why (never a crash)', () => {
    const any = z.unknown();
    for (const json5 of [false, true]) {
      const r = parseJsonWith(deep(5000), any, { json5 });
      assert.deepEqual(r.ok, false);
      assert.match(r.ok ? '' : r.error, /nested deeper than 128 levels/);
    }
    const c = parseConfigDocument('// jsonc\n' + deep(5000));
    assert.match(c.ok ? '' : c.error, /nested deeper than 128 levels/);
    assert.equal(parseJsonWith(deep(100), any).ok, true);
  });
});

describe('hosts in the settings', () => {
  it('are validated one by one on every load: a hand-edited bad one is left out, the others stay', () => {
    const c = readHostsConfig({
      hosts: [
        { name: 'vps', destination: 'ada@vps.example.com' },
        { name: 'evil', destination: '-oProxyCommand=touch /tmp/x' },
        { name: 'term', destination: 'ada@\u001b]0;x\u0007host' },
        { name: 'spaced', destination: 'ada@host extra' },
      ],
    });
    assert.deepEqual(
      c.hosts.map((h) => h.name),
      ['vps'],
    );
    assert.match(c.problem ?? '', /entry 2 is not valid .*left out/);
    assert.match(c.problem ?? '', /entry 3/);
    assert.match(c.problem ?? '', /entry 4/);
  });
});

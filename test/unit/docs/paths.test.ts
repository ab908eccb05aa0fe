import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TOP = /^(main|test|scripts|docs|renderer|common|assets|bin|schemas|\.github|\.ci)\//;
const FILES = /^(package\.json|electron-builder\.yml|tsconfig\.json|eslint\.config\.js|README\.md)$/;

/** The repository paths a Markdown page names: in `code` spans and in [links](…). */
export function pathsNamedIn(text: string): string[] {
  const found = new Set<string>();
  const candidates = [
    ...[...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? ''),
  ];
  for (const raw of candidates)
    for (const word of raw.split(/[\s,;()]+/)) {
      const p = word.replace(/^\.\//, '').replace(/[.:]+$/, '');
      // placeholders and patterns name no single file
      if (!(TOP.test(p) || FILES.test(p)) || /[<>*{}$]|\.\.\./.test(p)) continue;
      found.add(p.replace(/\/$/, ''));
    }
  return [...found].sort();
}

const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('the paths README and docs/ name', () => {
  it('finds the paths a page names (the check can fail)', () => {
    assert.deepEqual(pathsNamedIn('see `main/core/nowhere.ts` and [x](docs/gone.md#a), not `<data dir>/x`'), [
      'docs/gone.md',
      'main/core/nowhere.ts',
    ]);
  });

  for (const page of pages)
    it(`every path ${page} names exists`, () => {
      const missing = pathsNamedIn(readFileSync(join(ROOT, page), 'utf8')).filter(
        (p) => !existsSync(join(ROOT, p)),
      );
      assert.deepEqual(missing, [], `${page} names paths that do not exist`);
    });

  it('README stays short: under 250 lines, depth in docs/', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    assert.ok(lines < 250, `README.md has ${lines} lines`);
  });
});

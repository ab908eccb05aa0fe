import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TOP = /^(main|test|scripts|docs|renderer|common|assets|bin|schemas|\.github|\.ci)\//;
const FILES = /^(package\.json|electron-builder\.yml|tsconfig\.json|eslint\.config\.js|README\.md)$/;

/**
 * The files a Markdown page names: repository paths in `code` spans (from the repository's root),
 * and the targets of its [links](…) and images, from the page's own folder as a renderer reads them.
 */
export function pathsNamedIn(text: string, pageDir = '.'): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/`([^`\n]+)`/g))
    for (const word of (m[1] ?? '').split(/[\s,;()]+/)) {
      const p = word.replace(/^\.\//, '').replace(/[.:]+$/, '');
      // placeholders and patterns name no single file
      if (!(TOP.test(p) || FILES.test(p)) || /[<>*{}$]|\.\.\./.test(p)) continue;
      found.add(p.replace(/\/$/, ''));
    }
  for (const m of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
    const target = m[1] ?? '';
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    found.add(posix.normalize(posix.join(pageDir, target)).replace(/\/$/, ''));
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
    // a link in docs/ is read from docs/, an image too; a web address is not a file
    assert.deepEqual(pathsNamedIn('![a](screenshots/x.png) [b](../README.md) [c](https://x.org/y)', 'docs'), [
      'README.md',
      'docs/screenshots/x.png',
    ]);
  });

  for (const page of pages)
    it(`every path ${page} names exists`, () => {
      const dir = page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '.';
      const missing = pathsNamedIn(readFileSync(join(ROOT, page), 'utf8'), dir).filter(
        (p) => !existsSync(join(ROOT, p)),
      );
      assert.deepEqual(missing, [], `${page} names paths that do not exist`);
    });

  it('README stays short: under 250 lines, depth in docs/', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    assert.ok(lines < 250, `README.md has ${lines} lines`);
  });
});

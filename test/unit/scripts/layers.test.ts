import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: a plain .mjs module without types
import { LAYERS, layeringPlugin } from '../../../scripts/layers.mjs';

type Layer = { imports: string[]; types?: string[]; modules: string[] };
const table = LAYERS as Record<string, Layer>;
const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every folder under main/, common/ and renderer/ that holds a TypeScript file. */
function sourceFolders(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const names = readdirSync(join(ROOT, rel));
    if (names.some((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) out.push(rel);
    for (const n of names) if (statSync(join(ROOT, rel, n)).isDirectory()) walk(`${rel}/${n}`);
  };
  for (const top of ['main', 'common', 'renderer']) walk(top);
  return out.sort();
}

/** Lints one line of code as if it were a file in `folder`, with the allow-table rule only. */
function lint(folder: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser, sourceType: 'module' },
        plugins: { clawkeeper: layeringPlugin as never },
        rules: { 'clawkeeper/layering': 'error' },
      },
    ],
    { filename: join(ROOT, folder, 'probe.ts') },
  );
  return messages.map((m) => m.message);
}

/** A relative specifier from `from` to a file in folder `to`. */
function rel(from: string, to: string): string {
  const up = from.split('/').map(() => '..');
  return `${up.join('/')}/${to}/x.ts`;
}

describe('the import allow-table (scripts/layers.mjs)', () => {
  it('covers every source folder, and names only folders that exist', () => {
    const folders = sourceFolders();
    assert.deepEqual(
      folders.filter((f) => !(f in table)),
      [],
      'folders missing from the table',
    );
    const named = new Set(Object.entries(table).flatMap(([k, l]) => [k, ...l.imports, ...(l.types ?? [])]));
    assert.deepEqual(
      [...named].filter((f) => !folders.includes(f)),
      [],
      'the table names folders that hold no source',
    );
  });

  it('refuses, in every folder, an import of a folder it does not list and a module it does not list', () => {
    const all = Object.keys(table);
    for (const [folder, layer] of Object.entries(table)) {
      const forbidden = all.find(
        (f) => f !== folder && !layer.imports.includes(f) && !(layer.types ?? []).includes(f),
      );
      assert.ok(forbidden, `${folder} may import every folder?`);
      assert.match(
        lint(folder, `import { x } from '${rel(folder, forbidden)}';`).join('\n'),
        /may not import/,
        folder,
      );
      assert.match(lint(folder, `import('node:dgram');`).join('\n'), /may not use 'node:dgram'/, folder);
      assert.match(lint(folder, `const m = 'node:os'; await import(m);`).join('\n'), /literally/, folder);
      // what it lists passes
      for (const ok of layer.imports.slice(0, 2))
        assert.deepEqual(lint(folder, `import { x } from '${rel(folder, ok)}';`), [], `${folder} → ${ok}`);
      for (const m of layer.modules.slice(0, 2))
        assert.deepEqual(lint(folder, `import x from '${m}';`), [], `${folder} → ${m}`);
    }
  });

  it('allows a types-only folder by `import type` alone, and a folder missing from the table nothing', () => {
    assert.deepEqual(lint('main/core/health', `import type { Files } from '../../ports/files.ts';`), []);
    assert.match(
      lint('main/core/health', `import { Files } from '../../ports/files.ts';`).join(''),
      /types only: use `import type`/,
    );
    assert.match(
      lint('main/core/brand-new', `import { x } from './y.ts';`).join(''),
      /not in the import allow-table/,
    );
    assert.match(lint('main/core/kernel', `const r = require('node:fs');`).join(''), /may not use 'node:fs'/);
    assert.match(
      lint('main/core/kernel', `export { x } from '../../adapters/node/node-files.ts';`).join(''),
      /may not import main\/adapters\/node/,
    );
  });
});

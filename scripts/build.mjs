// Bundles the CLI, the Electron main, the preload and the renderer with esbuild.
import { build } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const common = {
  bundle: true,
  sourcemap: true,
  // CLAWKEEPER_BUILD_READABLE=1: unminified, for reading CPU profiles
  minify: process.env.CLAWKEEPER_BUILD_READABLE !== '1',
  keepNames: true,
  logLevel: 'warning',
  legalComments: 'none',
};

// The CLI is split: dist/cli.mjs holds the argument handling and help, and each command's code
// (with its dependencies) sits in dist/cli-chunks/, loaded by `import()` only when it runs.
// The chunk names carry a hash, so stale ones from an earlier build are removed first.
rmSync('dist/cli-chunks', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'main/cli/run.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Pure-JS dependencies are bundled (one file loads much faster than hundreds); the native
  // keyring module stays external. CJS dependencies need a real `require` inside the ESM bundle.
  external: ['@napi-rs/keyring', 'electron', 'fsevents'],
  banner: {
    js: "import { createRequire as __ckCreateRequire } from 'node:module'; const require = __ckCreateRequire(import.meta.url);",
  },
});

if (existsSync('main/index.ts')) {
  await build({
    ...common,
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', '@napi-rs/keyring'],
    // lazy `import()`s become `require()`: one module system inside app.asar, and the strict
    // fake Electron (test/fakes/electron-host.ts) answers `require('electron')`
    supported: { 'dynamic-import': false },
  });
}
if (existsSync('main/preload/preload.ts')) {
  await build({
    ...common,
    entryPoints: ['main/preload/preload.ts'],
    outfile: 'dist/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
  });
}
if (existsSync('renderer/app.ts')) {
  await build({
    ...common,
    entryPoints: ['renderer/app.ts'],
    outfile: 'dist/renderer/app.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome130',
  });
  // the page and its stylesheet ship as they are; the CSP lives in index.html's meta tag
  mkdirSync('dist/renderer', { recursive: true });
  for (const f of ['index.html', 'styles.css', 'glance.css', 'usage.css'])
    copyFileSync(`renderer/${f}`, `dist/renderer/${f}`);
}

// JSON Schemas of every `--json` output and of the settings file, generated from their zod
// schemas (main/cli/output-schemas.ts) into schemas/, which the npm package ships. The generator
// is bundled to a temporary module and run here; the CLI bundle never loads it.
{
  const tmp = mkdtempSync(join(tmpdir(), 'ck-schemas-'));
  try {
    const out = join(tmp, 'output-schemas.mjs');
    await build({
      bundle: true,
      logLevel: 'warning',
      entryPoints: ['main/cli/output-schemas.ts'],
      outfile: out,
      platform: 'node',
      format: 'esm',
      target: 'node20',
    });
    const { OUTPUT_SCHEMAS, jsonSchemaOf } = await import(pathToFileURL(out).href);
    mkdirSync('schemas', { recursive: true });
    const written = new Set();
    for (const entry of OUTPUT_SCHEMAS) {
      writeFileSync(join('schemas', entry.file), JSON.stringify(jsonSchemaOf(entry), null, 2) + '\n');
      written.add(entry.file);
    }
    for (const f of readdirSync('schemas')) if (!written.has(f)) rmSync(join('schemas', f), { force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

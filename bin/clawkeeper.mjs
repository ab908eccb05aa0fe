#!/usr/bin/env node
// The `clawkeeper` command: runs the esbuild bundle built by `npm run build` (run by `npm ci` via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('clawkeeper: the CLI is not built yet; run `npm run build` in the checkout\n');
  process.exit(70);
}
await import(pathToFileURL(bundle).href);

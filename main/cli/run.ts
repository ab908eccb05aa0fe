import { join } from 'node:path';
import { enableCompileCache } from '../adapters/node/compile-cache.ts';
import { nodeEnvironment } from '../adapters/node/node-environment.ts';
import { appCacheDir } from '../core/kernel/paths.ts';
import { main } from './index.ts';

// Entry point of the `clawkeeper` bundle. The compile cache first: every command's chunk is
// imported after this line, and a warm cache saves most of their parse and compile time.
enableCompileCache(join(appCacheDir(nodeEnvironment(process.env)), 'node-compile-cache'));
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // a getter: touching process.stdin opens the handle, which only paste-token needs
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});
process.exitCode = code;

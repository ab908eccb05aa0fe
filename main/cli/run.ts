import { main } from './index.ts';

// Entry point of the `clawkeeper` bundle.
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

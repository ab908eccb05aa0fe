import { main } from './index.ts';

// Entry point of the `clawkeeper` bundle.
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.exitCode = code;

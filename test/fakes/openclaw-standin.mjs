#!/usr/bin/env node
// Stand-in for `openclaw`: records argv and stdin as JSON in $FAKE_OPENCLAW_LOG, exits $FAKE_OPENCLAW_EXIT.
// `--help` prints $FAKE_OPENCLAW_HELP (default: options of 2026.9.6, with --agent) and records nothing.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
if (process.argv.includes('--help')) {
  process.stdout.write(
    (process.env.FAKE_OPENCLAW_HELP ??
      '  --provider <name>\n  --profile-id <id>\n  --expires-in <d>\n  --agent <id>') + '\n',
  );
  process.exit(0);
}
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  writeFileSync(process.env.FAKE_OPENCLAW_LOG, JSON.stringify({ argv: process.argv.slice(2), input }));
  // FAKE_OPENCLAW_CALLS: every call, one JSON line each (the log above keeps only the last)
  if (process.env.FAKE_OPENCLAW_CALLS)
    appendFileSync(
      process.env.FAKE_OPENCLAW_CALLS,
      JSON.stringify({ argv: process.argv.slice(2), input }) + '\n',
    );
  if (process.env.FAKE_OPENCLAW_STDERR) process.stderr.write(process.env.FAKE_OPENCLAW_STDERR + '\n');
  // FAKE_OPENCLAW_STATUS: a file whose text `models status` prints (read per call, so a test can change it)
  if (process.env.FAKE_OPENCLAW_STATUS && process.argv.includes('status'))
    process.stdout.write(readFileSync(process.env.FAKE_OPENCLAW_STATUS, 'utf8'));
  process.exitCode = Number(process.env.FAKE_OPENCLAW_EXIT ?? 0);
});

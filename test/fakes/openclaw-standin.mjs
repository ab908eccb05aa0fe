#!/usr/bin/env node
// Stand-in for `openclaw`: records argv and stdin as JSON in $OPENCLAW_FAKE_LOG, exits $OPENCLAW_FAKE_EXIT.
// `--help` prints $OPENCLAW_FAKE_HELP (default: options of 2026.9.6, with --agent) and records nothing.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
if (process.argv.includes('--help')) {
  process.stdout.write(
    (process.env.OPENCLAW_FAKE_HELP ??
      '  --provider <name>\n  --profile-id <id>\n  --expires-in <d>\n  --agent <id>') + '\n',
  );
  process.exit(0);
}
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  writeFileSync(process.env.OPENCLAW_FAKE_LOG, JSON.stringify({ argv: process.argv.slice(2), input }));
  // OPENCLAW_FAKE_CALLS: every call, one JSON line each (the log above keeps only the last)
  if (process.env.OPENCLAW_FAKE_CALLS)
    appendFileSync(
      process.env.OPENCLAW_FAKE_CALLS,
      JSON.stringify({ argv: process.argv.slice(2), input }) + '\n',
    );
  if (process.env.OPENCLAW_FAKE_STDERR) process.stderr.write(process.env.OPENCLAW_FAKE_STDERR + '\n');
  // OPENCLAW_FAKE_STATUS: a file whose text `models status` prints (read per call, so a test can change it)
  if (process.env.OPENCLAW_FAKE_STATUS && process.argv.includes('status'))
    process.stdout.write(readFileSync(process.env.OPENCLAW_FAKE_STATUS, 'utf8'));
  process.exitCode = Number(process.env.OPENCLAW_FAKE_EXIT ?? 0);
});

// Runs every benchmark in test/bench/ in turn (npm run bench). Benchmarks print figures only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const files = readdirSync('test/bench').filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)));
let failed = 0;
for (const f of files.sort()) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `test/bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
  console.log('');
}
process.exit(failed ? 1 : 0);

// Runs every test file in one `node --test` process tree so CI reads one closing summary.
// Node 20's --test does not expand globs, so the list is built here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// --interop: the suite against the real releases; --unit: test/unit only (what CI runs on macOS
// and Windows, where gnome-keyring, sshd and Chromium are not set up)
const interop = process.argv.includes('--interop');
const unit = process.argv.includes('--unit');
const roots = interop
  ? ['test/interop']
  : unit
    ? ['test/unit']
    : ['test/unit', 'test/integration', 'test/e2e'];

function walk(dir) {
  let out = [];
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (n.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = roots.flatMap(walk);
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const extra = process.argv.slice(2).filter((a) => a !== '--interop' && a !== '--unit');
const r = spawnSync(
  process.execPath,
  // --expose-gc: the notification-lifetime tests collect garbage (Electron holds notifications weakly)
  ['--expose-gc', '--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);

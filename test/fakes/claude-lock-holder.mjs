#!/usr/bin/env node
// Holds Claude Code's refresh locks the way Claude Code 2.1.332 does (read from its binary, see
// test/interop/FINDINGS.md "Refresh lock owner record"): proper-lockfile on <dir> with lockfilePath
// .oauth_refresh.lock (stale 60 s, touched every 5 s), then <realpath(dir)>.lock, then the owner
// record .oauth_refresh.lock.owner written atomically. `--no-record` behaves like releases before
// 2.1.332 (no record). Prints "held" once it holds everything, then waits to be killed or stopped.
// Usage: claude-lock-holder.mjs <claudeDir> [--no-record] [--legacy-only]
import { lstatSync, readFileSync, readlinkSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

const [dir, ...flags] = process.argv.slice(2);
const opts = { stale: 60_000, update: 5_000, realpath: false };
const main = join(dir, '.oauth_refresh.lock');
const legacy = realpathSync(dir) + '.lock';
if (!flags.includes('--legacy-only'))
  await lockfile.lock(dir, { ...opts, lockfilePath: main, onCompromised: () => undefined });
await lockfile.lock(realpathSync(dir) + '-legacy', {
  ...opts,
  lockfilePath: legacy,
  onCompromised: () => undefined,
});
if (!flags.includes('--no-record') && !flags.includes('--legacy-only')) {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // no pid namespace or machine id here: Claude Code leaves the part empty too
  }
  let machine = '';
  try {
    machine = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    // no pid namespace or machine id here: Claude Code leaves the part empty too
  }
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const record = {
    pid: process.pid,
    procStart: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19],
    pidDomain: `linux:${machine}:${ns}`,
    pidSpace: `${hostname()}${ns ? `#${ns}` : ''}`,
    lockBirthtimeMs: lstatSync(main).birthtimeMs,
    legacyLockBirthtimeMs: lstatSync(legacy).birthtimeMs,
    ...(process.env.HOLDER_PID_SPACE ? { pidSpace: process.env.HOLDER_PID_SPACE } : {}),
  };
  writeFileSync(join(dir, '.oauth_refresh.lock.owner.tmp'), JSON.stringify(record));
  renameSync(join(dir, '.oauth_refresh.lock.owner.tmp'), join(dir, '.oauth_refresh.lock.owner'));
}
process.stdout.write('held\n');
setInterval(() => undefined, 1 << 30);

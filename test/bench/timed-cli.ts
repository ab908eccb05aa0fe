// One run of the built CLI under /usr/bin/time: exit code, stdout, wall, CPU and peak RSS.
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/run-cli.ts';

export function timedCli(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const [wall, user, sys, rss] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return {
    code: r.status,
    out: r.stdout,
    wallMs: (wall ?? NaN) * 1000,
    cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
    rssMb: (rss ?? NaN) / 1024,
  };
}

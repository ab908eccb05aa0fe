// Benchmarks of the daemon: (1) latency from a rename-over of Claude's credentials file to the
// linked OpenClaw target updated, p50/p99 over BENCH_CHANGES (default 200) changes; (2) CPU time,
// RSS and read syscalls of `clawkeeper watch` idle for BENCH_IDLE_SECONDS (default 600).
// Prints figures; asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS ?? 600);
const TICK = 100; // clock ticks per second on Linux (getconf CLK_TCK)

function startWatch(h: FixtureHome): {
  child: ChildProcess;
  events: Array<Record<string, unknown>>;
  next: (pred: (e: Record<string, unknown>) => boolean) => Promise<number>;
} {
  const child = spawn(process.execPath, [BIN, 'watch', '--json'], {
    env: h.env({ CLAWKEEPER_DATA_DIR: h.path('data') }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (e: Record<string, unknown>) => boolean; resolve: (t: number) => void }> = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    const at = performance.now();
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.trim()) continue;
      const e = JSON.parse(l) as Record<string, unknown>;
      events.push(e);
      for (const w of [...waiters]) {
        if (!w.pred(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  return { child, events, next: (pred) => new Promise((resolve) => waiters.push({ pred, resolve })) };
}

function procStats(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return {
    cpuS: (Number(stat[11]) + Number(stat[12])) / TICK,
    rssMb: kb('VmRSS') / 1024,
    peakMb: kb('VmHWM') / 1024,
    syscr: Number(/syscr: (\d+)/.exec(io)?.[1] ?? NaN),
  };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const h = await FixtureHome.create();
await h.claude(
  claudeCredentials({
    access: access('bench-0'),
    refresh: refresh('bench-0'),
    expiresAt: Date.now() + 8 * HOUR,
  }),
);
const target = await h.profiles('main', {
  profiles: {
    'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token: access('bench-0'), expires: 1 },
  },
});
const w = startWatch(h);
await w.next((e) => e.type === 'synced');

console.log(`# rename-over → linked target updated (${CHANGES} changes, one linked target)`);
const lat: number[] = [];
for (let i = 1; i <= CHANGES; i++) {
  const token = access(`bench-${i}`);
  const done = w.next((e) => e.type === 'synced' && e.fingerprint === fingerprintOf(token));
  await writeFile(
    h.path('.claude/.credentials.json.tmp'),
    JSON.stringify(
      claudeCredentials({ access: token, refresh: refresh(`bench-${i}`), expiresAt: Date.now() + 8 * HOUR }),
    ),
    { mode: 0o600 },
  );
  const t0 = performance.now();
  await rename(h.path('.claude/.credentials.json.tmp'), h.path('.claude/.credentials.json'));
  lat.push((await done) - t0);
  if (!(await readFile(target, 'utf8')).includes(token))
    throw new Error(`target not updated after change ${i}`);
}
console.log(
  `p50 ${pct(lat, 50).toFixed(1)} ms   p99 ${pct(lat, 99).toFixed(1)} ms   max ${Math.max(...lat).toFixed(1)} ms   (goal: p99 < 250 ms; includes the ${50} ms debounce)`,
);

console.log(`\n# clawkeeper watch idle for ${IDLE_S} s`);
await new Promise((r) => setTimeout(r, 2000));
const a = procStats(w.child.pid!);
await new Promise((r) => setTimeout(r, IDLE_S * 1000));
const b = procStats(w.child.pid!);
console.log(
  `CPU ${(b.cpuS - a.cpuS).toFixed(2)} s over ${IDLE_S} s   RSS ${b.rssMb.toFixed(1)} MB (peak ${b.peakMb.toFixed(1)} MB)   read syscalls while idle: ${b.syscr - a.syscr}   (goal: < 1 s CPU, < 70 MB, no polling)`,
);
w.child.kill('SIGTERM');
await new Promise((r) => w.child.once('close', r));
await h.cleanup();

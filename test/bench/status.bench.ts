// Benchmark: `clawkeeper status --json` beside `openclaw models status --json` on the same state,
// and how status grows from 1 to 100 agents. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';
import { programs } from '../interop/programs.ts';

interface Sample {
  wallMs: number;
  rssMb: number;
}

function measure(cmd: string[], env: NodeJS.ProcessEnv): Sample {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...cmd], { env, encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1 && r.status !== 2)
    throw new Error(`${cmd.join(' ')} failed: ${r.stderr.slice(0, 300)}`);
  return { wallMs: (wall ?? NaN) * 1000, rssMb: (rss ?? NaN) / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function summarise(samples: Sample[]): Sample {
  return { wallMs: median(samples.map((s) => s.wallMs)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
}

async function stateWith(agents: number): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  const now = Date.now();
  await h.claude(
    claudeCredentials({ access: access('bench'), refresh: refresh('bench'), expiresAt: now + 6 * HOUR }),
  );
  await h.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  for (let i = 0; i < agents; i++) {
    const id = i === 0 ? 'main' : `agent${i}`;
    await h.profiles(id, {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access('shared'),
          expires: now + 300 * DAY,
        },
      },
    });
  }
  return h;
}

function interopEnv(): { openclaw: string; path: string } | null {
  try {
    const p = programs();
    return { openclaw: p.openclaw['2026.6.1'], path: `${p.node24}:${process.env.PATH ?? ''}` };
  } catch {
    return null;
  }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const fmt = (s: Sample) => `${s.wallMs.toFixed(0).padStart(6)} ms  ${s.rssMb.toFixed(1).padStart(6)} MB`;

console.log(
  `# status benchmark (${RUNS} runs each, median wall time, peak RSS; ${new Date().toISOString()})`,
);
const one = await stateWith(1);
const oc = interopEnv();
const env = one.env(oc ? { PATH: oc.path } : {});
const ck = summarise(
  Array.from({ length: RUNS }, () => measure([process.execPath, BIN, 'status', '--json'], env)),
);
console.log(`clawkeeper status --json       (1 agent)  ${fmt(ck)}`);
if (oc) {
  const ocRuns = Math.max(3, Math.ceil(RUNS / 2));
  const o = summarise(
    Array.from({ length: ocRuns }, () => measure([oc.openclaw, 'models', 'status', '--json'], env)),
  );
  console.log(`openclaw models status --json  (1 agent)  ${fmt(o)}   (${ocRuns} runs, OpenClaw 2026.6.1)`);
  console.log(
    `=> clawkeeper is ${(o.wallMs / ck.wallMs).toFixed(1)}x faster and uses ${(o.rssMb / ck.rssMb).toFixed(1)}x less memory (goal: >= 15x faster, < 80 MB)`,
  );
} else {
  console.log(
    'openclaw models status: skipped (run `bash scripts/interop-setup.sh` to install OpenClaw 2026.6.1)',
  );
}
await one.cleanup();

console.log('\n# growth with the number of agents');
const rows: Array<[number, Sample]> = [];
for (const n of [1, 10, 25, 50, 100]) {
  const h = await stateWith(n);
  const s = summarise(
    Array.from({ length: RUNS }, () => measure([process.execPath, BIN, 'status', '--json'], h.env())),
  );
  rows.push([n, s]);
  console.log(`${String(n).padStart(4)} agents  ${fmt(s)}`);
  await h.cleanup();
}
const [n0, s0] = rows[0]!;
const [n1, s1] = rows[rows.length - 1]!;
console.log(`=> ${((s1.wallMs - s0.wallMs) / (n1 - n0)).toFixed(2)} ms per extra agent`);

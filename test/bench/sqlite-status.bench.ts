// Benchmark: `clawkeeper status --json` beside `openclaw models status --json` on SQLite stores the
// real releases wrote (2026.9.6 shared with 1 and 3 agents, 2026.6.5 per-agent), and status for
// 1,000 agents (CPU and peak RSS). Prints figures; asserts nothing. Needs the interop cache
// (`bash scripts/interop-setup.sh`) and a Node with node:sqlite (CI: the pinned Node 24).
import { spawnSync } from 'node:child_process';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';
import { programs, releasePath, RELEASES } from '../interop/programs.ts';

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function measure(cmd: string[], env: NodeJS.ProcessEnv, input?: string): Sample {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...cmd], {
    env,
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 30,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, rss] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1 && r.status !== 2)
    throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr.slice(-300)}`);
  return {
    wallMs: (wall ?? NaN) * 1000,
    cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000,
    rssMb: (rss ?? NaN) / 1024,
  };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summarise = (s: Sample[]): Sample => ({
  wallMs: median(s.map((x) => x.wallMs)),
  cpuMs: median(s.map((x) => x.cpuMs)),
  rssMb: Math.max(...s.map((x) => x.rssMb)),
});
const fmt = (s: Sample) =>
  `${s.wallMs.toFixed(0).padStart(6)} ms wall ${s.cpuMs.toFixed(0).padStart(6)} ms CPU ${s.rssMb.toFixed(0).padStart(5)} MB`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FLOOR = new URL('./status-floor.mjs', import.meta.url).pathname;

console.log(`# SQLite status benchmark (median of ${RUNS}; peak RSS; Node ${process.versions.node})`);
let p: ReturnType<typeof programs> | null = null;
try {
  p = programs();
} catch {
  console.log('skipped: run `bash scripts/interop-setup.sh` first');
}

async function sqliteState(version: string, agents: number) {
  const r = RELEASES.find((x) => x.version === version)!;
  const h = await FixtureHome.create();
  const ids = Array.from({ length: agents }, (_, i) => (i === 0 ? 'main' : `a${i}`));
  const model = { model: { primary: 'anthropic/claude-sonnet-4-5' } };
  const cfg =
    agents === 1
      ? { agents: { defaults: model } }
      : version >= '2026.9'
        ? {
            agents: {
              ownership: 'explicit',
              defaults: model,
              entries: Object.fromEntries(ids.map((id) => [id, {}])),
            },
          }
        : {
            agents: {
              defaults: model,
              list: ids.map((id, i) => ({ id, ...(i === 0 ? { default: true } : {}) })),
            },
          };
  await h.write(`${r.state}/${r.config}`, cfg);
  await h.claude(
    claudeCredentials({ access: access('b'), refresh: refresh('b'), expiresAt: Date.now() + 6 * HOUR }),
  );
  const env = h.env({ PATH: releasePath(p!, r), [r.stateEnv]: h.path(r.state) });
  const bin = p!.releases[version]!;
  for (const id of ids) {
    const agentArgs = agents === 1 ? [] : ['--agent', id];
    const args =
      version >= '2026.8'
        ? ['models', 'auth', 'paste-token', ...agentArgs]
        : ['models', ...agentArgs, 'auth', 'paste-token'];
    const res = spawnSync(bin, [...args, '--provider', 'anthropic', '--profile-id', `anthropic:${id}`], {
      env,
      input: `${access(`bench-${id}`)}\n`,
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`paste-token ${version} ${id}: ${res.stderr.slice(-300)}`);
  }
  return { h, env, bin, ids };
}

if (p) {
  for (const [version, agents] of [
    ['2026.9.6', 1],
    ['2026.9.6', 3],
    ['2026.6.5', 1],
    ['2026.6.5', 3],
  ] as const) {
    const { h, env, bin, ids } = await sqliteState(version, agents);
    const ck = summarise(
      Array.from({ length: RUNS }, () => measure([process.execPath, BIN, 'status', '--json'], env)),
    );
    const ocRuns = Math.max(3, Math.ceil(RUNS / 2));
    const oc = summarise(
      Array.from({ length: ocRuns }, () =>
        measure([bin, 'models', 'status', '--json', '--agent', 'main'], env),
      ),
    );
    const ocAll = oc.wallMs * ids.length;
    // the floor: Node starting alone, and a Node program that reads the same files and prints them
    const bare = summarise(Array.from({ length: RUNS }, () => measure([process.execPath, '-e', '0'], env)));
    const floor = summarise(Array.from({ length: RUNS }, () => measure([process.execPath, FLOOR], env)));
    console.log(`${version} ${agents} agent(s): clawkeeper status --json        ${fmt(ck)}`);
    console.log(
      `${version} ${agents} agent(s): openclaw models status --json   ${fmt(oc)} (one agent; ${ocRuns} runs)`,
    );
    console.log(
      `  => ${(oc.wallMs / ck.wallMs).toFixed(1)}x faster than one openclaw call, ${(ocAll / ck.wallMs).toFixed(1)}x than one call per agent (goal >= 30x); ${(oc.rssMb / ck.rssMb).toFixed(1)}x less memory`,
    );
    console.log(
      `  floor: node -e 0 ${fmt(bare)}; reading the same files and printing them (status-floor.mjs) ${fmt(floor)} => at most ${(oc.wallMs / floor.wallMs).toFixed(1)}x for any Node program`,
    );
    await h.cleanup();
  }
}

console.log('\n# status for many agents (JSON stores, one own setup-token each)');
for (const n of [100, 1000]) {
  const h = await FixtureHome.create();
  await h.claude(
    claudeCredentials({ access: access('m'), refresh: refresh('m'), expiresAt: Date.now() + 6 * HOUR }),
  );
  await h.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  for (let i = 0; i < n; i++)
    await h.profiles(i === 0 ? 'main' : `agent${i}`, {
      version: 1,
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: access(`own${i}`),
          expires: Date.now() + 300 * DAY,
        },
      },
    });
  const env = h.env({ PATH: '/usr/bin:/bin' });
  const s = summarise(
    Array.from({ length: 3 }, () => measure([process.execPath, BIN, 'status', '--json'], env)),
  );
  const out = spawnSync(process.execPath, [BIN, 'status', '--json'], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  console.log(
    `${String(n).padStart(5)} agents: ${fmt(s)}  JSON ${(out.stdout.length / 1024).toFixed(0)} KB (goal at 1,000: < 1 s CPU, < 120 MB)`,
  );
  await h.cleanup();
}

// Benchmark: `clawkeeper host status --json` over a fleet of 100 hosts, each an ssh_config alias
// of one real sshd on 127.0.0.1 (its sessions run an `openclaw` stand-in there), a slice of them
// aliases of a port that accepts and never speaks SSH. Prints, per run: wall time to the first
// line and to the summary, Clawkeeper's own CPU (the CLI process and the ssh clients it waited
// for, from GNU time: the server side runs under sshd, outside it) and the CLI's peak RSS.
// Connection reuse is off so every ssh client is a child the CLI waits for (a ControlMaster would
// be a daemon outside the count). Figures only, no assertion.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { remoteBin } from '../fakes/remote-bin.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';
import { TestSshd } from '../helpers/sshd.ts';

const TOTAL = 100;
const TIMEOUT_S = 5;

const remote = await FixtureHome.create();
await remote.config({
  agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
  auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
  meta: { lastTouchedVersion: '2026.6.1' },
});
await remote.profiles('main', {
  version: 1,
  profiles: {
    'anthropic:manual': {
      type: 'token',
      provider: 'anthropic',
      token: access('fleet-remote'),
      expires: Date.now() + 200 * DAY,
    },
  },
});
const bin = await remoteBin(remote.path('bin'), { clawkeeper: false, openclaw: true, snapshotFile: null });
const sshd = await TestSshd.start({ remoteHome: remote.home, remoteBin: bin });
const sockets: Socket[] = [];
const silent = createServer((s) => sockets.push(s));
await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
const silentPort = (silent.address() as { port: number }).port;

const local = await FixtureHome.create();
await local.claude(
  claudeCredentials({ access: access('fleet'), refresh: refresh('fleet'), expiresAt: Date.now() + 6 * HOUR }),
);
const base = (await readFile(sshd.sshConfig, 'utf8')).split('\n').slice(1).join('\n');
const config = local.path('ssh_config');

/** Writes the ssh_config and the settings for a fleet with `silentCount` silent hosts spread through it. */
async function fleet(silentCount: number, parallel: number): Promise<void> {
  const every = silentCount ? Math.floor(TOTAL / silentCount) : Infinity;
  const lines: string[] = [];
  const hosts: unknown[] = [];
  for (let i = 1; i <= TOTAL; i++) {
    const name = `h${String(i).padStart(3, '0')}`;
    const quiet = i % every === 0;
    lines.push(
      `Host ${name}`,
      ...(quiet ? ['  HostName 127.0.0.1', `  Port ${silentPort}`, '  User root'] : []),
      base,
    );
    hosts.push({ name, destination: name });
  }
  // the silent port first in the file: ssh keeps the first value of an option
  await writeFile(config, lines.join('\n'));
  await mkdir(local.path('.config/clawkeeper'), { recursive: true });
  await writeFile(
    local.path('.config/clawkeeper/settings.json'),
    JSON.stringify({ hosts, ssh: { parallel, connectTimeoutSeconds: TIMEOUT_S } }),
  );
}

interface Run {
  firstMs: number;
  summaryMs: number;
  cpuMs: number;
  rssMb: number;
  lines: number;
  unreachable: number;
}

function run(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '@@time %U %S %M',
        process.execPath,
        BIN,
        'host',
        'status',
        '--json',
        '--timeout',
        String(TIMEOUT_S),
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let firstMs = NaN;
    let summaryMs = NaN;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (Number.isNaN(firstMs) && d.includes('\n')) firstMs = ms();
      out += d;
      if (out.includes('"clawkeeper.host-summary/1"') && Number.isNaN(summaryMs)) summaryMs = ms();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      if (!m) return reject(new Error(`no figures: ${err.slice(0, 400)}`));
      const lines = out.trim().split('\n');
      const summary = JSON.parse(lines.at(-1) ?? '{}') as { byState?: Record<string, number> };
      resolve({
        firstMs,
        summaryMs,
        cpuMs: (Number(m[1]) + Number(m[2])) * 1000,
        rssMb: Number(m[3]) / 1024,
        lines: lines.length,
        unreachable: summary.byState?.['unreachable'] ?? 0,
      });
    });
  });
}

const env = local.env({ CLAWKEEPER_SSH: `ssh -F ${config}`, CLAWKEEPER_SSH_REUSE: '0' });
const rows: string[] = [];
for (const [silentCount, parallel, reuse] of [
  [0, 8, '0'],
  [10, 8, '0'],
  [10, 16, '0'],
  [0, 8, 'warm'],
] as const) {
  await fleet(silentCount, parallel);
  const e = reuse === 'warm' ? { ...env, CLAWKEEPER_SSH_REUSE: '1' } : env;
  if (reuse === 'warm') await run(e); // opens the shared connections (their masters are daemons, outside the count)
  const r = await run(e);
  rows.push(
    `| ${TOTAL} hosts (${silentCount} silent), ssh.parallel ${parallel}, reuse ${reuse === 'warm' ? 'on (warm)' : 'off'} | ${r.firstMs.toFixed(0)} ms | ${(r.summaryMs / 1000).toFixed(1)} s | ${r.cpuMs.toFixed(0)} ms (${(r.cpuMs / (TOTAL + 1)).toFixed(0)} ms/host) | ${r.rssMb.toFixed(0)} MB | ${r.lines - 1} lines, ${r.unreachable} unreachable (expected ${silentCount}) |`,
  );
  for (const s of sockets.splice(0)) s.destroy();
}
// ssh's own share: one bare handshake (`ssh host true`), which is most of the per-host CPU
const sshCpu: number[] = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '@@time %U %S',
      'ssh',
      '-F',
      config,
      '-o',
      'BatchMode=yes',
      '-o',
      'ControlPath=none',
      'h001',
      'true',
    ],
    {
      encoding: 'utf8',
    },
  );
  const m = /@@time ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (m) sshCpu.push((Number(m[1]) + Number(m[2])) * 1000);
}
sshCpu.sort((a, b) => a - b);
const kex = /kex: algorithm: (\S+)/.exec(
  spawnSync('ssh', ['-v', '-F', config, '-o', 'ControlPath=none', 'h001', 'true'], { encoding: 'utf8' })
    .stderr,
)?.[1];
console.log(
  `host status --json over a fleet (one real sshd on 127.0.0.1, an openclaw stand-in answering there; silent hosts: a port that accepts and never speaks, per-host timeout ${TIMEOUT_S} s; reuse off; load average ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')})`,
);
console.log(
  '| fleet | first line | summary | Clawkeeper CPU (CLI + its ssh clients) | CLI peak RSS | lines |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(
  `ssh alone (\`ssh host true\`, reuse off, KEX ${kex ?? '?'}): ${sshCpu[2]?.toFixed(0) ?? '?'} ms CPU per handshake (median of 5)`,
);
// connections shared by the warm run end with the server

silent.close();
await sshd.stop([
  `${local.path('.local/state/clawkeeper/ssh')}`,
  `/tmp/clawkeeper-ssh-${process.getuid?.() ?? 'user'}`,
]);
await remote.cleanup();
await local.cleanup();

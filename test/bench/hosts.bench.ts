// Benchmark: `clawkeeper host status --json` over 1 and 5 hosts (each a real sshd on 127.0.0.1
// with clawkeeper on its PATH), with connection reuse (ControlMaster) off and on. Prints figures.
import { spawnSync } from 'node:child_process';
import { remoteBin } from '../fakes/remote-bin.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';
import { TestSshd } from '../helpers/sshd.ts';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function remote(): Promise<{ home: FixtureHome; sshd: TestSshd }> {
  const home = await FixtureHome.create();
  await home.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  await home.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:manual': {
        type: 'token',
        provider: 'anthropic',
        token: access('bench-remote'),
        expires: Date.now() + 200 * DAY,
      },
    },
  });
  const bin = await remoteBin(home.path('bin'), {
    clawkeeper: true,
    openclaw: false,
    snapshotFile: null,
  });
  return { home, sshd: await TestSshd.start({ remoteHome: home.home, remoteBin: bin }) };
}

function run(env: NodeJS.ProcessEnv, name?: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'host', 'status', ...(name ? [name] : []), '--json'], {
    env,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const report = JSON.parse(r.stdout) as { hosts: { reachable: boolean }[] };
  if (!report.hosts.every((h) => h.reachable))
    throw new Error(`a host was unreachable: ${r.stdout.slice(0, 400)}`);
  return ms;
}

const local = await FixtureHome.create();
await local.claude(
  claudeCredentials({ access: access('bench'), refresh: refresh('bench'), expiresAt: Date.now() + 6 * HOUR }),
);
const remotes: Array<{ home: FixtureHome; sshd: TestSshd }> = [];
for (let i = 0; i < 5; i++) remotes.push(await remote());
// one ssh_config naming every remote
const config = local.path('ssh_config');
const { readFile, writeFile } = await import('node:fs/promises');
await writeFile(
  config,
  (await Promise.all(remotes.map((r) => readFile(r.sshd.sshConfig, 'utf8')))).join('\n'),
);
const base = local.env({ CLAWKEEPER_SSH: `ssh -F ${config}` });
for (const [i, r] of remotes.entries()) {
  const add = spawnSync(process.execPath, [BIN, 'host', 'add', `h${i + 1}`, r.sshd.alias], {
    env: base,
    encoding: 'utf8',
  });
  if (add.status !== 0) throw new Error(add.stderr);
}
const controlDir = local.path('.local/state/clawkeeper/ssh');

const rows: string[] = [];
const local0 = median(Array.from({ length: RUNS }, () => run(base, 'local')));
rows.push(`| this machine only (\`host status local\`) | ${local0.toFixed(0)} ms | — |`);
for (const [label, name] of [
  ['1 host', 'h1'],
  ['5 hosts + this machine', undefined],
] as const) {
  const off = median(Array.from({ length: RUNS }, () => run({ ...base, CLAWKEEPER_SSH_REUSE: '0' }, name)));
  run({ ...base, CLAWKEEPER_SSH_REUSE: '1' }, name); // opens the shared connections
  const on = median(Array.from({ length: RUNS }, () => run({ ...base, CLAWKEEPER_SSH_REUSE: '1' }, name)));
  rows.push(`| ${label} | ${off.toFixed(0)} ms | ${on.toFixed(0)} ms |`);
}
// the bare ssh round trip (`true` on the remote): the part connection reuse saves
const sshTrue = (reuse: boolean): number => {
  const o = reuse
    ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlDir}/%C`, '-o', 'ControlPersist=60']
    : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
  const t = process.hrtime.bigint();
  spawnSync('ssh', ['-F', config, '-o', 'BatchMode=yes', ...o, remotes[0]?.sshd.alias ?? '', 'true']);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
sshTrue(true);
const rtOff = median(Array.from({ length: RUNS }, () => sshTrue(false)));
const rtOn = median(Array.from({ length: RUNS }, () => sshTrue(true)));
rows.push(`| ssh round trip only (\`ssh host true\`) | ${rtOff.toFixed(0)} ms | ${rtOn.toFixed(0)} ms |`);
console.log(
  `host status --json, median of ${RUNS} (remote: a real sshd on 127.0.0.1 running clawkeeper status there)`,
);
console.log('| what | reuse off | reuse on (ControlMaster) |');
console.log('|---|---|---|');
for (const r of rows) console.log(r);

for (const r of remotes) {
  await r.sshd.stop([controlDir]);
  await r.home.cleanup();
}
await local.cleanup();

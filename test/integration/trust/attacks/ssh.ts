/** Attacks on the ssh control folder: a fake control master waits where the victim's ssh would look. */
import { spawnSync } from 'node:child_process';
import { chmod, chown, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttackLab, LabUser } from '../../../helpers/attack-lab.ts';
import { access } from '../../../helpers/fixture-home.ts';
import { Checks, settingsPath, victim, type Attack, type Net, type Victim } from './common.ts';

// ---------------------------------------------------------------------------------------------
// 6. The ssh control folder: a fake control master waits where the victim's ssh would look

const FAKE_MASTER = `
const net = require('node:net'); const fs = require('node:fs');
const [sock, log] = process.argv.slice(1);
const s = net.createServer((c) => { fs.appendFileSync(log, 'connected\\n'); c.on('data', () => fs.appendFileSync(log, 'data\\n')); });
s.listen(sock, () => { fs.chmodSync(sock, 0o777); process.stdout.write('ready\\n'); });
`;

/** The socket path the victim's ssh would use in `dir` (`%C` as ssh computes it). */
function socketIn(dir: string, dest: string): string {
  const r = spawnSync('ssh', ['-G', '-o', `ControlPath=${dir}/%C`, dest], { encoding: 'utf8' });
  const line = /^controlpath (.+)$/m.exec(r.stdout);
  if (!line?.[1]) throw new Error(`ssh -G: ${r.stderr}`);
  return line[1];
}

async function sshAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim, dest: string) => Promise<{ masterDir: string; env?: Record<string, string> }>,
  opts: { root?: boolean } = {},
): Promise<string[]> {
  const c = new Checks();
  // a data folder too long for a socket path, so the old code fell back to the shared temp folder
  const longState = join('/', 'var', 'lib', `${'s'.repeat(40)}-${tag}`);
  const v = await victim(lab, net, `ssh-${tag}`);
  const owner = opts.root ? 'root' : lab.victim;
  if (opts.root) spawnSync('chown', ['-R', '0:0', v.home]);
  const dest = `ssh://${opts.root ? 'root' : lab.victim.name}@127.0.0.1:9`;
  const planted = await plant(v, dest);
  const sock = socketIn(planted.masterDir, dest);
  const log = join(lab.canaries, `master-${tag}`);
  await writeLog(log);
  const master = lab.spawnAsAttacker(['-e', FAKE_MASTER, sock, log]);
  await new Promise<void>((resolve) => {
    master.stdout?.on('data', () => resolve());
    setTimeout(resolve, 3000);
  });
  await lab.writeAs(
    owner,
    settingsPath(v),
    JSON.stringify({ hosts: [{ name: 'vps', destination: dest }] }),
    0o600,
  );
  await lab.mkdirAs('root', longState, 0o755);
  if (!opts.root) await chown(longState, lab.victim.uid, lab.victim.gid);
  const env = { ...v.env, CLAWKEEPER_DATA_DIR: join(longState, 'data'), TMPDIR: lab.shared, ...planted.env };
  // as root: the paste that sends a setup-token through the shared connection
  const setupToken = access(`setup-${tag}`);
  try {
    const r = opts.root
      ? await lab.asRoot(['paste-token', '--host', 'vps', '--no-reload'], env, setupToken + '\n', 90_000)
      : await lab.asVictim(['host', 'status', 'vps'], env, '', 90_000);
    if (process.env.CK_ATTACK_DEBUG)
      process.stderr.write(`ssh scenario: ${r.code}\n${r.stdout}\n${r.stderr}\n`);
    c.noCrash(r, opts.root ? 'paste-token --host' : 'host status');
    c.ok(!/EPERM|unexpected error/.test(r.stderr + r.stdout), 'no unexpected error');
  } finally {
    master.kill('SIGKILL');
    await rm(longState, { recursive: true, force: true });
  }
  c.ok((await readFile(log, 'utf8')).trim() === '', "the victim's ssh never talked to the attacker's socket");
  return c.failed;
}

async function writeLog(path: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, '', { mode: 0o666 });
  await chmod(path, 0o666);
}

async function runtimeDir(lab: AttackLab, v: Victim, owner: LabUser, mode: number): Promise<string> {
  const dir = v.path('run');
  await lab.mkdirAs(owner, dir, mode);
  return dir;
}

export const sshAttacks: Attack[] = [
  {
    boundary: 'ssh control folder',
    kind: 'pre-created by them',
    name: 'root pastes a setup-token to a host; the attacker made the predictable folder and waits in it',
    run: (lab, net) =>
      sshAttack(
        lab,
        net,
        'root',
        async () => {
          const dir = join(lab.shared, 'clawkeeper-ssh-0');
          await rm(dir, { recursive: true, force: true });
          await lab.mkdirAs(lab.attacker, dir, 0o777);
          return { masterDir: dir };
        },
        { root: true },
      ),
  },
  {
    boundary: 'ssh control folder',
    kind: 'owned by another user',
    name: 'XDG_RUNTIME_DIR belongs to the attacker, who waits in its clawkeeper-ssh',
    run: (lab, net) =>
      sshAttack(lab, net, 'own', async (v) => {
        const run = await runtimeDir(lab, v, lab.attacker, 0o777);
        await lab.mkdirAs(lab.attacker, join(run, 'clawkeeper-ssh'), 0o777);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'group/world-writable',
    name: "the victim's clawkeeper-ssh is 0777 and holds the attacker's socket",
    run: (lab, net) =>
      sshAttack(lab, net, 'ww', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o700);
        await lab.mkdirAs(lab.victim, join(run, 'clawkeeper-ssh'), 0o777);
        // the attacker could enter while it was open: give their fake master a way in
        await chmod(run, 0o711);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'symlink to theirs',
    name: "clawkeeper-ssh is a link to the attacker's folder",
    run: (lab, net) =>
      sshAttack(lab, net, 'link', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o700);
        const theirs = join(lab.attackerHome, 'ssh-link');
        await lab.mkdirAs(lab.attacker, theirs, 0o777);
        await lab.symlinkAs(lab.victim, theirs, join(run, 'clawkeeper-ssh'));
        return { masterDir: theirs, env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'loose parent folder',
    name: 'XDG_RUNTIME_DIR is 0777, the attacker made clawkeeper-ssh in it',
    run: (lab, net) =>
      sshAttack(lab, net, 'loose', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o777);
        await lab.mkdirAs(lab.attacker, join(run, 'clawkeeper-ssh'), 0o777);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'pre-created by them',
    name: 'the predictable folder in the shared temp folder was made by the attacker',
    run: (lab, net) =>
      sshAttack(lab, net, 'pre', async () => {
        // the attacker is first to the predictable name (earlier scenarios may have made it)
        const dir = join(lab.shared, `clawkeeper-ssh-${lab.victim.uid}`);
        await rm(dir, { recursive: true, force: true });
        await lab.mkdirAs(lab.attacker, dir, 0o777);
        return { masterDir: dir };
      }),
  },
];

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './run-cli.ts';

/** A real local account made for the suite (useradd), removed afterwards (userdel). */
export interface LabUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

// CK_ATTACK_REPO: another checkout's built CLI (to measure the suite against an older build)
const REPO = process.env.CK_ATTACK_REPO || fileURLToPath(new URL('../../', import.meta.url));

/** Makes a real local account (no home, its own group); `userdel --force` removes it. */
export function useradd(name: string): LabUser {
  const r = spawnSync(
    'useradd',
    ['--no-create-home', '--shell', '/bin/sh', '--home-dir', '/nonexistent', '--user-group', name],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr}`);
  const id = (flag: string) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  return { name, uid: id('-u'), gid: id('-g') };
}

/**
 * The attacker suite's machine: two real local users (a victim and an attacker, made with
 * `useradd` as CI runs as root), a root-owned 0755 folder holding a copy of the built CLI, a
 * Node the victim may run, each scenario's HOME, a sticky shared folder like /tmp, and a canary
 * folder where any program that runs leaves a mark.
 */
export class AttackLab {
  private constructor(
    readonly base: string,
    readonly victim: LabUser,
    readonly attacker: LabUser,
    readonly node: string,
    readonly bin: string,
  ) {}

  static async create(): Promise<AttackLab> {
    const tag = randomBytes(3).toString('hex');
    const base = await mkdtemp('/var/lib/ck-trust-');
    await chmod(base, 0o755);
    const victim = useradd(`ckv${tag}`);
    const attacker = useradd(`cka${tag}`);
    // the CLI as built, where the victim can read it (a checkout under /root is not readable)
    const app = join(base, 'app');
    await mkdir(join(app, 'node_modules', '@napi-rs'), { recursive: true });
    for (const p of ['bin', 'dist', 'package.json'])
      await cp(join(REPO, p), join(app, p), { recursive: true });
    await cp(join(REPO, 'node_modules', '@napi-rs'), join(app, 'node_modules', '@napi-rs'), {
      recursive: true,
    });
    // this Node, for the victim: a hard link reaches it whatever the folders above it allow
    const node = join(base, 'node');
    await link(process.execPath, node).catch(() => cp(process.execPath, node));
    await chmod(node, 0o755);
    const lab = new AttackLab(base, victim, attacker, node, join(app, 'bin', 'clawkeeper.mjs'));
    await mkdir(lab.shared, { mode: 0o1777 });
    await chmod(lab.shared, 0o1777);
    await mkdir(lab.canaries, { mode: 0o1777 });
    await chmod(lab.canaries, 0o1777);
    await mkdir(lab.attackerHome, { mode: 0o755 });
    await chown(lab.attackerHome, attacker.uid, attacker.gid);
    return lab;
  }

  /** A folder like /tmp: root's, sticky, world-writable. */
  get shared(): string {
    return join(this.base, 'shared');
  }

  get canaries(): string {
    return join(this.base, 'canaries');
  }

  get attackerHome(): string {
    return join(this.base, 'attacker');
  }

  /** A fresh HOME for one scenario, the victim's own (0755 so links into it can be followed). */
  async victimHome(name: string): Promise<string> {
    const home = join(this.base, 'homes', name);
    await mkdir(home, { recursive: true, mode: 0o755 });
    await chmod(join(this.base, 'homes'), 0o755);
    await chown(home, this.victim.uid, this.victim.gid);
    return home;
  }

  /** Writes a file as `who` would have: owner, mode, and every folder made on the way theirs. */
  async writeAs(who: LabUser | 'root', path: string, content: string, mode = 0o600): Promise<string> {
    await this.mkdirAs(who, dirname(path), 0o755);
    await writeFile(path, content);
    await chmod(path, mode);
    if (who !== 'root') await chown(path, who.uid, who.gid);
    return path;
  }

  /** Makes the folders of `path` that are missing, each owned by `who`: `path` with `mode`, those above it 0755. */
  async mkdirAs(who: LabUser | 'root', path: string, mode = 0o700): Promise<void> {
    const missing: string[] = [];
    for (let d = path; !existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      const m = d === path ? mode : 0o755;
      await mkdir(d, { mode: m });
      await chmod(d, m);
      if (who !== 'root') await chown(d, who.uid, who.gid);
    }
  }

  async symlinkAs(who: LabUser, target: string, path: string): Promise<void> {
    await symlink(target, path);
    const { lchown } = await import('node:fs/promises');
    await lchown(path, who.uid, who.gid);
  }

  /** A program that leaves `<canaries>/<name>` when it runs (and exits 0). */
  async canary(who: LabUser, path: string, name: string, mode = 0o755): Promise<string> {
    const script = `#!/bin/sh\necho "$(id -u) $*" >> '${join(this.canaries, name)}'\nenv >> '${join(this.canaries, name)}.env'\ncat >/dev/null\nexit 0\n`;
    return this.writeAs(who, path, script, mode);
  }

  ran(name: string): boolean {
    return existsSync(join(this.canaries, name));
  }

  async canaryEnv(name: string): Promise<string> {
    return readFile(join(this.canaries, `${name}.env`), 'utf8').catch(() => '');
  }

  /** The victim's environment for a scenario: their HOME, nothing of the test process. */
  env(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      USER: this.victim.name,
      LOGNAME: this.victim.name,
      NO_COLOR: '1',
      ...extra,
    };
  }

  /** Runs the victim's `clawkeeper` as the victim (setpriv: their uid, gid and no other groups). */
  asVictim(args: string[], env: NodeJS.ProcessEnv, input = '', timeoutMs = 60_000): Promise<CliResult> {
    return this.run(
      'setpriv',
      [
        '--reuid',
        String(this.victim.uid),
        '--regid',
        String(this.victim.gid),
        '--clear-groups',
        this.node,
        this.bin,
        ...args,
      ],
      env,
      input,
      timeoutMs,
    );
  }

  /** Runs `clawkeeper` as root (the victim of the attacks on a root daemon). */
  asRoot(args: string[], env: NodeJS.ProcessEnv, input = '', timeoutMs = 60_000): Promise<CliResult> {
    return this.run(this.node, [this.bin, ...args], env, input, timeoutMs);
  }

  /** Starts a program as the attacker (a fake control master), killed at the end of the suite. */
  spawnAsAttacker(args: string[]): ReturnType<typeof spawn> {
    return spawn(
      'setpriv',
      [
        '--reuid',
        String(this.attacker.uid),
        '--regid',
        String(this.attacker.gid),
        '--clear-groups',
        this.node,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', HOME: this.attackerHome } },
    );
  }

  private run(
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    input: string,
    timeoutMs: number,
  ): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { env, cwd: '/', stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }

  async mode(path: string): Promise<number> {
    return (await lstat(path)).mode & 0o7777;
  }

  async cleanup(): Promise<void> {
    await rm(this.base, { recursive: true, force: true });
    // --force: a process of the account may still be ending (a killed watch, a fake master)
    for (const u of [this.victim, this.attacker]) spawnSync('userdel', ['--force', u.name]);
  }
}

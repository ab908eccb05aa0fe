/**
 * A throwaway OpenSSH server on 127.0.0.1 standing in for a remote machine: its own host key,
 * a user key, a known_hosts and an ssh_config for the client, and a separate HOME and PATH for
 * the sessions it starts (sshd's SetEnv). Runs as the current user (root in CI: PermitRootLogin
 * prohibit-password, key only).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clawkeeper-test', '-f', path]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr.toString()}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface SshdOptions {
  /** HOME of the sessions (the "remote machine") */
  readonly remoteHome: string;
  /** prepended to the sessions' PATH: the remote's clawkeeper / openclaw stand-ins */
  readonly remoteBin: string;
  /** reuse a host key (to restart the "same" server); default: a new one */
  readonly hostKey?: string;
  readonly port?: number;
}

export class TestSshd {
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly hostKey: string,
    readonly alias: string,
    private child: ChildProcess | null,
    readonly log: { text: string },
  ) {}

  /** ssh_config for the client: the alias, the user key, our own known_hosts. */
  get sshConfig(): string {
    return join(this.dir, 'ssh_config');
  }
  get knownHosts(): string {
    return join(this.dir, 'known_hosts');
  }
  get userKey(): string {
    return join(this.dir, 'user_key');
  }
  /** CLAWKEEPER_SSH for the client side */
  get sshCommand(): string {
    return `ssh -F ${this.sshConfig}`;
  }

  static async start(o: SshdOptions): Promise<TestSshd> {
    const dir = await mkdtemp(join(tmpdir(), 'ck-sshd-'));
    await chmod(dir, 0o700);
    const hostKey = o.hostKey ?? join(dir, 'host_key');
    if (!o.hostKey) keygen(hostKey);
    keygen(join(dir, 'user_key'));
    await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'user_key.pub')), { mode: 0o600 });
    const port = o.port ?? (await freePort());
    const user = userInfo().username;
    const alias = `ck-remote-${port}`;
    await writeFile(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        `AllowUsers ${user}`,
        'UsePAM no',
        // the temp dir is world-writable (sticky): sshd's ownership checks would refuse the key file
        'StrictModes no',
        'MaxSessions 50',
        'MaxStartups 50:30:100',
        `SetEnv HOME=${o.remoteHome} PATH=${o.remoteBin}:/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8`,
        '',
      ].join('\n'),
    );
    await TestSshd.writeClient(dir, alias, port, user, hostKey);
    if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const log = { text: '' };
    const s = new TestSshd(dir, port, hostKey, alias, null, log);
    await s.#spawn();
    return s;
  }

  static async writeClient(
    dir: string,
    alias: string,
    port: number,
    user: string,
    hostKey: string,
  ): Promise<void> {
    const pub = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${pub}\n`, { mode: 0o600 });
    await writeFile(
      join(dir, 'ssh_config'),
      [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${join(dir, 'user_key')}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '  IdentityAgent none',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
  }

  #spawn(): Promise<void> {
    const child = spawn(SSHD, ['-D', '-e', '-f', join(this.dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      const onData = (d: string) => {
        this.log.text += d;
        if (this.log.text.includes('Server listening')) resolve();
      };
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${this.log.text}`)));
      child.once('error', reject);
    });
  }

  /** Replaces the server's host key (a reinstalled server) and restarts it on the same port. */
  async changeHostKey(): Promise<void> {
    await this.stopServer();
    const next = join(this.dir, 'host_key_new');
    keygen(next);
    const cfg = await readFile(join(this.dir, 'sshd_config'), 'utf8');
    await writeFile(join(this.dir, 'sshd_config'), cfg.replace(/^HostKey .*$/m, `HostKey ${next}`));
    await this.#spawn();
  }

  async stopServer(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }

  /** Ends shared client connections (ControlMaster) under `controlDir`, then the server. */
  async stop(controlDirs: readonly string[] = []): Promise<void> {
    for (const d of controlDirs)
      spawnSync('ssh', ['-F', this.sshConfig, '-o', `ControlPath=${d}/%C`, '-O', 'exit', this.alias], {
        stdio: 'ignore',
        timeout: 5000,
      });
    await this.stopServer();
    await rm(this.dir, { recursive: true, force: true });
  }
}

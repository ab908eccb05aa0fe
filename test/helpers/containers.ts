/**
 * Containers for the hosts suites without a container engine: a second local account stands in
 * for the container's user, its home for the container's filesystem, and `docker`, `podman` and
 * `kubectl` on PATH are the strict stand-ins of test/fakes/container-cli.mjs. The engine's state
 * sits where the real CLIs look for their engine (DOCKER_HOST, CONTAINER_HOST, KUBECONFIG).
 */
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from './run-cli.ts';
import { REMOTE_OPENCLAW } from '../fakes/remote-bin.ts';

const CLI = fileURLToPath(new URL('../fakes/container-cli.mjs', import.meta.url));

export interface LocalAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  remove(): void;
}

/** A real second local account (root only: CI runs as root). Retries while another test holds /etc/passwd. */
export function localAccount(prefix = 'ckgw'): LocalAccount {
  const name = `${prefix}${process.pid % 100000}${Math.floor(Math.random() * 1000)}`;
  for (let i = 0; ; i++) {
    const r = spawnSync(
      'useradd',
      ['--no-create-home', '--home-dir', '/nonexistent', '--shell', '/bin/sh', name],
      {
        encoding: 'utf8',
      },
    );
    if (r.status === 0) break;
    if (i > 20) throw new Error(`useradd failed: ${r.stderr}`);
    spawnSync('sleep', ['0.2']);
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  return {
    name,
    uid: id('-u'),
    gid: id('-g'),
    remove: () => {
      for (let i = 0; i < 20; i++)
        if (spawnSync('userdel', [name]).status !== 6 && spawnSync('id', [name]).status !== 0) return;
    },
  };
}

/** The container's PATH: its own `node` (a copy: root's home is private), clawkeeper and/or openclaw. */
export async function containerBin(
  dir: string,
  o: { clawkeeper: boolean; openclaw: boolean },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const node = join(dir, 'node');
  // a copy, never a hard link: the tree is chowned to the container's account, and a link would
  // re-own the shared node binary itself
  await copyFile(process.execPath, node);
  const write = async (name: string, body: string) => {
    await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, name), 0o755);
  };
  if (o.clawkeeper) await write('clawkeeper', `exec '${node}' '${BIN}' "$@"`);
  if (o.openclaw) await write('openclaw', `exec '${node}' '${REMOTE_OPENCLAW}' "$@"`);
  return dir;
}

export interface ContainerSpec {
  readonly user: LocalAccount;
  readonly home: string;
  readonly path: string;
  readonly running?: boolean;
}

/** An engine's state: containers, compose projects, pods; and the env that points the stand-ins at it. */
export class FakeEngine {
  private constructor(
    readonly dir: string,
    readonly bin: string,
  ) {}

  static async create(): Promise<FakeEngine> {
    const dir = await mkdtemp(join(tmpdir(), 'ck-engine-'));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    for (const cli of ['docker', 'podman', 'kubectl']) {
      await writeFile(join(bin, cli), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' ${cli} "$@"\n`);
      await chmod(join(bin, cli), 0o755);
    }
    await writeFile(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    return new FakeEngine(dir, bin);
  }

  async state(s: {
    containers: Record<string, ContainerSpec>;
    compose?: Record<string, Record<string, string>>;
    pods?: Record<string, { default: string; containers: Record<string, string> }>;
  }): Promise<void> {
    const containers = Object.fromEntries(
      Object.entries(s.containers).map(([name, c]) => [
        name,
        {
          id: `${name}-0123456789ab`,
          running: c.running ?? true,
          user: String(c.user.uid),
          env: { HOME: c.home, PATH: `${c.path}:/usr/local/bin:/usr/bin:/bin`, LANG: 'C.UTF-8' },
          workdir: c.home,
        },
      ]),
    );
    const compose = Object.fromEntries(
      Object.entries(s.compose ?? {}).map(([dir, services]) => [dir, { services }]),
    );
    await writeFile(
      join(this.dir, 'state.json'),
      JSON.stringify({ containers, compose, pods: s.pods ?? {} }),
    );
  }

  /** PATH with the stand-ins first, and the variables the real CLIs read to find their engine. */
  env(path = process.env.PATH ?? ''): Record<string, string> {
    return {
      PATH: `${this.bin}:${path}`,
      DOCKER_HOST: `unix://${join(this.dir, 'docker.sock')}`,
      CONTAINER_HOST: `unix://${join(this.dir, 'podman.sock')}`,
      KUBECONFIG: join(this.dir, 'kubeconfig'),
    };
  }

  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Gives a folder tree to an account (the container's files are its user's). */
export function chownTree(dir: string, a: LocalAccount): void {
  const r = spawnSync('chown', ['-R', `${a.uid}:${a.gid}`, dir]);
  if (r.status !== 0) throw new Error(`chown failed: ${String(r.stderr)}`);
}

/**
 * Every process's argv and environment, sampled every few ms while `during` runs (root reads
 * every /proc/<pid>/environ): what `ps e` would have shown at those moments, on both sides.
 */
export async function sampleProcesses<T>(
  during: () => Promise<T>,
): Promise<{ result: T; argv: Set<string>; environ: Set<string> }> {
  const { readdir, readFile } = await import('node:fs/promises');
  const argv = new Set<string>();
  const environ = new Set<string>();
  let done = false;
  const loop = (async () => {
    while (!done) {
      for (const pid of await readdir('/proc').catch(() => [])) {
        if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
        const a = await readFile(`/proc/${pid}/cmdline`).catch(() => null);
        const e = await readFile(`/proc/${pid}/environ`).catch(() => null);
        if (a?.length) argv.add(a.toString('utf8').replaceAll('\0', ' '));
        if (e?.length) environ.add(e.toString('utf8').replaceAll('\0', '\n'));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    const result = await during();
    return { result, argv, environ };
  } finally {
    done = true;
    await loop;
  }
}

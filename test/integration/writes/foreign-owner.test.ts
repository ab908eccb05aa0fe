/**
 * Writes follow the gateway's user: a store created in a folder of another (real, local) user
 * takes that user's owner and group, or the write is refused before anything is created; a store
 * the gateway's user cannot read is never reported stored. Needs root to create the users (CI).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../../main/core/health/report.ts';
import { access, FixtureHome } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';

const isRoot = process.getuid?.() === 0;
const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };

interface LocalUser {
  name: string;
  uid: number;
  gid: number;
}

function addUser(name: string): LocalUser {
  const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr.toString()}`);
  const id = (flag: string) => Number(spawnSync('id', [flag, name]).stdout.toString().trim());
  return { name, uid: id('-u'), gid: id('-g') };
}

/** Runs the built CLI as `user` (the system Node: /root's cache is not theirs to read). */
function runAs(user: LocalUser, args: string[], env: NodeJS.ProcessEnv, input: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('/usr/bin/node', [BIN, ...args], { env, uid: user.uid, gid: user.gid });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe(
  'writes in a folder that belongs to another local user',
  { skip: !isRoot && 'needs root (as CI runs)' },
  () => {
    const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    let gateway: LocalUser;
    let other: LocalUser;
    const homes: FixtureHome[] = [];
    before(() => {
      gateway = addUser(`ckrg${tag}`);
      other = addUser(`ckro${tag}`);
    });
    after(async () => {
      await Promise.all(homes.map((h) => h.cleanup()));
      for (const u of [gateway, other]) if (u) spawnSync('userdel', [u.name]);
    });

    async function gatewayHome(): Promise<FixtureHome> {
      const h = await FixtureHome.create();
      homes.push(h);
      await h.config(MODEL);
      await chmod(h.home, 0o755);
      await chown(h.path('.openclaw'), gateway.uid, gateway.gid);
      await chown(h.path('.openclaw/openclaw.json'), gateway.uid, gateway.gid);
      return h;
    }

    it('as root: the new agent folder and store take the gateway user and group, and the gateway sends it', async () => {
      const h = await gatewayHome();
      const token = access('foreign-root');
      const r = await runCli(['paste-token', '--json'], h.env(), `${token}\n`);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      for (const p of ['.openclaw/agents', '.openclaw/agents/main', '.openclaw/agents/main/agent']) {
        const s = await stat(h.path(p));
        assert.deepEqual([s.uid, s.gid], [gateway.uid, gateway.gid], p);
      }
      const store = await stat(h.path('.openclaw/agents/main/agent/auth-profiles.json'));
      assert.deepEqual([store.uid, store.gid, store.mode & 0o777], [gateway.uid, gateway.gid, 0o600]);
      const report = JSON.parse((await runCli(['status', '--json'], h.env())).stdout) as StatusReport;
      const route = report.routes.find((x) => x.agent === 'main');
      assert.equal(route?.sends?.profileId, 'anthropic:manual');
      assert.ok(!report.findings.some((f) => f.check === 'gateway-cannot-read'));
    });

    it('as a third user: refused before anything is created, exit 1, with the user to run as', async () => {
      const h = await gatewayHome();
      await chmod(h.path('.openclaw'), 0o777); // writable by anyone, still the gateway's
      const data = await mkdtemp(join(tmpdir(), 'ck-other-'));
      await chown(data, other.uid, other.gid);
      const env = {
        PATH: '/usr/bin:/bin',
        HOME: data,
        OPENCLAW_STATE_DIR: h.path('.openclaw'),
        CLAWKEEPER_DATA_DIR: join(data, 'ck'),
        CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw',
        XDG_CONFIG_HOME: join(data, 'cfg'),
        XDG_CACHE_HOME: join(data, 'cache'),
      };
      const r = await runAs(other, ['paste-token'], env, `${access('foreign-other')}\n`);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `belongs to uid ${gateway.uid}.*Nothing was created.*Run Clawkeeper as uid ${gateway.uid}`,
          's',
        ),
      );
      assert.deepEqual(
        await readdir(h.path('.openclaw')),
        ['openclaw.json'],
        'no folder, lock or file was created',
      );
      await rm(data, { recursive: true, force: true });
    });

    it("a store the gateway's user cannot read is never reported stored", async () => {
      const h = await gatewayHome();
      // a root-owned 0600 store left in the gateway's folder: a replacement keeps its owner
      await h.profiles('main', { version: 1, profiles: {} });
      await chown(h.path('.openclaw/agents'), gateway.uid, gateway.gid);
      await chown(h.path('.openclaw/agents/main'), gateway.uid, gateway.gid);
      await chown(h.path('.openclaw/agents/main/agent'), gateway.uid, gateway.gid);
      const r = await runCli(['paste-token'], h.env(), `${access('foreign-hidden')}\n`);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`the gateway runs as uid ${gateway.uid}.*cannot read`));
      assert.match(r.stderr, new RegExp(`chown ${gateway.uid}`));
      assert.doesNotMatch(r.stdout, /Stored/);
      const report = JSON.parse((await runCli(['status', '--json'], h.env())).stdout) as StatusReport;
      assert.equal(
        report.routes.find((x) => x.agent === 'main')?.sends,
        null,
        'the gateway has nothing it can read',
      );
      assert.equal(report.exitCode, 1);
    });
  },
);

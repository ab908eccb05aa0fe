import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { remoteBin } from '../../fakes/remote-bin.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { freePort, TestSshd } from '../../helpers/sshd.ts';
import type { HostsReport } from '../../../main/core/hosts/hosts-report.ts';
import { readHostsConfig } from '../../../main/core/hosts/host-settings.ts';
import { RemoteHosts } from '../../../main/core/hosts/remote-hosts.ts';
import { SshTransport } from '../../../main/adapters/ssh/ssh-transport.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';

const SETUP = access('remote-setup-token');

/** A remote machine: its HOME (an OpenClaw JSON install, optionally a Claude login) and its PATH. */
async function remoteMachine(o: { clawkeeper: boolean; openclaw: boolean; tokenExpires?: number | null }) {
  const home = await FixtureHome.create();
  const now = Date.now();
  await home.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  const expires = o.tokenExpires === undefined ? now + 200 * DAY : o.tokenExpires;
  await home.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:manual': {
        type: 'token',
        provider: 'anthropic',
        token: access('remote-old'),
        ...(expires === null ? {} : { expires }),
      },
    },
  });
  const snapshot = home.path('ps-snapshot.txt');
  const bin = await remoteBin(home.path('bin'), { ...o, snapshotFile: snapshot });
  return { home, bin, snapshot };
}

async function localMachine() {
  const h = await FixtureHome.create();
  await h.claude(
    claudeCredentials({
      access: access('local'),
      refresh: refresh('local'),
      expiresAt: Date.now() + 6 * HOUR,
    }),
  );
  return h;
}

function hostsJson(stdout: string): HostsReport {
  return JSON.parse(stdout) as HostsReport;
}

/** Every file under a folder, as text (logs). */
function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out += readFileSync(join(e.parentPath, e.name), 'utf8');
  return out;
}

describe('hosts over ssh against a real OpenSSH server', () => {
  describe('with clawkeeper on the remote', () => {
    let local: FixtureHome;
    let remote: Awaited<ReturnType<typeof remoteMachine>>;
    let sshd: TestSshd;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      local = await localMachine();
      remote = await remoteMachine({ clawkeeper: true, openclaw: true });
      sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
      env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
      const r = await runCli(['host', 'add', 'vps', sshd.alias], env);
      assert.equal(r.code, 0, r.stderr);
    });
    after(async () => {
      await sshd.stop();
      await local.cleanup();
      await remote.home.cleanup();
    });

    it('lists the added host and keeps no secret in settings', async () => {
      const r = await runCli(['host', 'list', '--json'], env);
      assert.equal(r.code, 0);
      const { hosts } = JSON.parse(r.stdout) as { hosts: { name: string; destination: string }[] };
      assert.deepEqual(
        hosts.map((h) => [h.name, h.destination]),
        [['vps', sshd.alias]],
      );
      const settings = await readFile(local.path('.config/clawkeeper/settings.json'), 'utf8');
      assert.doesNotMatch(settings, /sk-ant-/);
      for (const bad of [
        ['evil', '--', '-oProxyCommand=touch /tmp/pwned'],
        ['local', 'ada@x'],
        ['vps', 'ada@other'],
        ['Bad Name', 'ada@x'],
      ]) {
        const r = await runCli(['host', 'add', ...bad], env);
        assert.ok(r.code === 64 || r.code === 1, `${bad.join(' ')}: ${r.code}`);
        assert.match(r.stderr, /cannot start with "-"|names this machine|exists; remove it first|lowercase/);
      }
      const list = await runCli(['host', 'list'], env);
      assert.equal(list.stdout, `vps\t${sshd.alias}\n`);
    });

    it('reports this machine and the remote, every credential tagged with its host', async () => {
      const r = await runCli(['host', 'status', '--json'], env);
      assert.equal(r.code, 0, r.stderr);
      const report = hostsJson(r.stdout);
      assert.equal(report.schema, 'clawkeeper.status/1');
      assert.deepEqual(
        report.hosts.map((h) => [h.name, h.reachable, h.via]),
        [
          ['local', true, 'local'],
          ['vps', true, 'clawkeeper'],
        ],
      );
      const remoteCred = report.credentials.find(
        (c) => c.host === 'vps' && c.profileId === 'anthropic:manual',
      );
      assert.ok(remoteCred, JSON.stringify(report.credentials.map((c) => [c.host, c.id])));
      assert.equal(remoteCred.state, 'ok');
      assert.ok(report.credentials.some((c) => c.host === 'local' && c.id === 'claude-code'));
      assert.ok(report.hosts.find((h) => h.name === 'vps')?.node?.startsWith('v'));
      assert.doesNotMatch(r.stdout, new RegExp(access('remote-old')));
    });

    it('shows what paste-token --host will run, without running it', async () => {
      const before = await readFile(
        remote.home.path('.openclaw/agents/main/agent/auth-profiles.json'),
        'utf8',
      );
      const r = await runCli(['paste-token', '--host', 'vps', '--dry-run'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /clawkeeper paste-token --json --expires-in 365d\s+\(token on stdin\)/);
      assert.match(r.stdout, /runs: ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -F /);
      assert.match(r.stdout, /openclaw secrets reload/);
      const after = await readFile(
        remote.home.path('.openclaw/agents/main/agent/auth-profiles.json'),
        'utf8',
      );
      assert.equal(after, before);
    });

    it('pastes a setup-token over ssh: it lands in the remote store and never in argv or a log', async () => {
      const r = await runCli(['paste-token', '--host', 'vps'], env, SETUP + '\n');
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const store = JSON.parse(
        await readFile(remote.home.path('.openclaw/agents/main/agent/auth-profiles.json'), 'utf8'),
      ) as { profiles: Record<string, { token?: string }> };
      assert.equal(store.profiles['anthropic:manual']?.token, SETUP);
      assert.ok(existsSync(remote.home.path('reloaded')), 'the gateway on the remote was reloaded');
      // what ps showed on both sides while the remote paste-token ran
      const ps = await readFile(remote.snapshot, 'utf8');
      assert.ok(
        ps.split('\n').some((l) => l.includes('ssh ') && l.includes(sshd.alias)),
        'the local ssh client',
      );
      assert.ok(
        ps.split('\n').some((l) => l.includes('paste-token')),
        'the remote paste-token',
      );
      assert.equal(ps.includes(SETUP), false, 'the token was in some process argv');
      assert.equal((r.stdout + r.stderr).includes(SETUP), false);
      assert.equal(allText(local.path('.local/state')).includes(SETUP), false, 'local logs');
      assert.equal(
        allText(remote.home.path('.local/state/clawkeeper/logs')).includes(SETUP),
        false,
        'remote logs',
      );
      assert.equal(sshd.log.text.includes(SETUP), false, 'sshd log');
      const argvLog = await readFile(remote.home.path('openclaw-argv.log'), 'utf8');
      assert.equal(argvLog.includes(SETUP), false);
    });

    it('runs the remote doctor as a dry run, then the fix, showing the command first', async () => {
      const dry = await runCli(['host', 'doctor', 'vps', '--fix', '--dry-run'], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /on vps: clawkeeper doctor --fix/);
      assert.match(dry.stdout, /nothing runs with --dry-run/);
      const show = await runCli(['host', 'doctor', 'vps'], env);
      assert.equal(show.code, 0, show.stderr + show.stdout);
      assert.match(show.stdout, /Running:\n1\. on vps: clawkeeper doctor --dry-run/);
      assert.match(show.stdout, /done: on vps/);
      const fix = await runCli(['host', 'doctor', 'vps', '--fix'], env);
      assert.match(fix.stdout, /on vps: clawkeeper doctor --fix/);
      assert.ok([0, 1, 2].includes(fix.code), fix.stderr);
    });

    it('shows the remote service install before it runs', async () => {
      const dry = await runCli(['host', 'install-service', 'vps', '--dry-run'], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /on vps: clawkeeper service install/);
    });

    it("copies this machine's login as a token copy only, says it goes stale, and the tray keeps it in step", async () => {
      const dry = await runCli(['host', 'copy', 'vps', '--dry-run'], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stderr, /goes stale and the gateway there stops/);
      assert.match(
        dry.stdout,
        /clawkeeper paste-token --json --expires-in [45]h --profile-id anthropic:clawkeeper-copy/,
      );
      const r = await runCli(['host', 'copy', 'vps', '--keep'], env);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const storePath = remote.home.path('.openclaw/agents/main/agent/auth-profiles.json');
      const store = JSON.parse(await readFile(storePath, 'utf8')) as {
        profiles: Record<string, { token?: string; expires?: number }>;
      };
      assert.equal(store.profiles['anthropic:clawkeeper-copy']?.token, access('local'));
      const remoteFiles = allText(remote.home.home);
      assert.equal(
        remoteFiles.includes(refresh('local')),
        false,
        'the refresh token never leaves this machine',
      );
      assert.equal(remoteFiles.includes(access('local-next')), false);
      const settings = JSON.parse(await readFile(local.path('.config/clawkeeper/settings.json'), 'utf8')) as {
        hosts: { copyLogin: unknown }[];
      };
      assert.deepEqual(settings.hosts[0]?.copyLogin, { agent: null, profileId: null });

      // the login is refreshed on this machine: the tray's copier sends the new access token
      await local.claude(
        claudeCredentials({
          access: access('local-next'),
          refresh: refresh('local-next'),
          expiresAt: Date.now() + 8 * HOUR,
        }),
      );
      const { createAppContext } = await import('../../../main/compose/context.ts');
      const { createLoginCopier, createRemoteHosts } = await import('../../../main/compose/remote-hosts.ts');
      const { buildStatus } = await import('../../../main/cli/commands/status.ts');
      const ctx = await createAppContext(env);
      const logged: string[] = [];
      const logger = {
        debug: () => {},
        info: (m: string) => logged.push(m),
        warn: (m: string) => logged.push(m),
        error: (m: string) => logged.push(m),
      };
      const copier = createLoginCopier(ctx, createRemoteHosts(ctx), logger);
      await copier((await buildStatus(ctx)).report);
      const after = JSON.parse(await readFile(storePath, 'utf8')) as {
        profiles: Record<string, { token?: string }>;
      };
      assert.equal(
        after.profiles['anthropic:clawkeeper-copy']?.token,
        access('local-next'),
        logged.join('; '),
      );
      assert.equal(allText(remote.home.home).includes(refresh('local-next')), false);
      assert.equal((await runCli(['host', 'copy', 'vps', '--stop'], env)).code, 0);
    });

    it('refuses a changed host key with the command to run, and runs nothing there', async () => {
      const before = (await readFile(remote.snapshot, 'utf8')).length;
      await sshd.changeHostKey();
      const r = await runCli(['host', 'status', 'vps', '--json', '--check'], env);
      assert.equal(r.code, 2);
      const report = hostsJson(r.stdout);
      const vps = report.hosts[0];
      assert.equal(vps?.reachable, false);
      assert.equal(vps?.worst, 'unreachable');
      assert.match(vps?.error ?? '', /host key of vps has CHANGED/);
      assert.match(vps?.hint ?? '', /ssh-keygen -f '.*known_hosts' -R '\[127\.0\.0\.1\]:\d+'/);
      assert.equal((await readFile(remote.snapshot, 'utf8')).length, before, 'nothing ran on the remote');
      const p = await runCli(['paste-token', '--host', 'vps'], env, SETUP);
      assert.equal(p.code, 1);
      assert.match(p.stderr, /CHANGED/);
    });
  });

  describe('without clawkeeper on the remote (its openclaw answers)', () => {
    let local: FixtureHome;
    let remote: Awaited<ReturnType<typeof remoteMachine>>;
    let sshd: TestSshd;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      local = await localMachine();
      remote = await remoteMachine({ clawkeeper: false, openclaw: true, tokenExpires: Date.now() - HOUR });
      sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
      env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
      // the ssh:// form, with the options in CLAWKEEPER_SSH instead of an alias
      assert.equal((await runCli(['host', 'add', 'box', `ssh://root@127.0.0.1:${sshd.port}`], env)).code, 0);
      env.CLAWKEEPER_SSH = `ssh -i ${sshd.userKey} -o IdentitiesOnly=yes -o UserKnownHostsFile=${sshd.knownHosts} -o GlobalKnownHostsFile=/dev/null`;
    });
    after(async () => {
      await sshd.stop();
      await local.cleanup();
      await remote.home.cleanup();
    });

    it('normalises openclaw models status into the same report', async () => {
      const r = await runCli(['host', 'status', 'box', '--json', '--check'], env);
      const report = hostsJson(r.stdout);
      assert.equal(report.hosts[0]?.via, 'openclaw', r.stderr);
      const c = report.credentials.find((x) => x.id === 'openclaw:main/anthropic:manual');
      assert.equal(c?.host, 'box');
      assert.equal(c?.state, 'expired');
      assert.match(c?.hint ?? '', /clawkeeper paste-token --host box/);
      assert.equal(r.code, 1);
    });

    it('pastes through openclaw models auth paste-token with the token on stdin', async () => {
      const r = await runCli(['paste-token', '--host', 'box'], env, SETUP);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const store = JSON.parse(
        await readFile(remote.home.path('.openclaw/agents/main/agent/auth-profiles.json'), 'utf8'),
      ) as { profiles: Record<string, { token?: string }> };
      assert.equal(store.profiles['anthropic:manual']?.token, SETUP);
      const argvLog = await readFile(remote.home.path('openclaw-argv.log'), 'utf8');
      assert.match(argvLog, /"paste-token","--provider","anthropic","--profile-id","anthropic:manual"/);
      assert.equal(argvLog.includes(SETUP), false);
      assert.equal((await readFile(remote.snapshot, 'utf8')).includes(SETUP), false);
      const after = hostsJson((await runCli(['host', 'status', 'box', '--json'], env)).stdout);
      assert.equal(after.credentials.find((x) => x.id === 'openclaw:main/anthropic:manual')?.state, 'ok');
    });

    it('refuses to install the daemon where clawkeeper is missing, saying what to do', async () => {
      const r = await runCli(['host', 'install-service', 'box'], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /box has Node v\d+\.\d+\.\d+ but no clawkeeper on its non-interactive PATH/);
      assert.match(r.stderr, /--clawkeeper \/path/);
    });

    it('runs openclaw doctor there when clawkeeper is absent', async () => {
      const r = await runCli(['host', 'doctor', 'box'], env);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /on box: openclaw doctor --non-interactive/);
      assert.match(r.stdout, /Doctor: no issues found/);
    });
  });

  describe('hosts that cannot be asked', () => {
    it('refuses an unknown host key with the command that checks it', async () => {
      const local = await localMachine();
      const remote = await remoteMachine({ clawkeeper: true, openclaw: false });
      const sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
      try {
        const env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
        await runCli(['host', 'add', 'new', sshd.alias], env);
        await import('node:fs/promises').then((fs) => fs.writeFile(sshd.knownHosts, ''));
        const r = await runCli(['host', 'status', 'new', '--json'], env);
        const h = hostsJson(r.stdout).hosts[0];
        assert.equal(h?.reachable, false);
        assert.match(h?.error ?? '', /not in known_hosts/);
        assert.equal(
          h?.hint,
          `run \`ssh -F ${sshd.sshConfig} ${sshd.alias}\` once in a terminal, compare the fingerprint it shows with the server's, and answer yes`,
        );
        assert.equal(existsSync(remote.snapshot), false, 'nothing ran on the remote');
      } finally {
        await sshd.stop();
        await local.cleanup();
        await remote.home.cleanup();
      }
    });

    it('reports an unreachable host beside the local credentials', async () => {
      const local = await localMachine();
      try {
        const port = await freePort();
        const env = local.env({ CLAWKEEPER_SSH_REUSE: '0' });
        await runCli(['host', 'add', 'gone', `ssh://nobody@127.0.0.1:${port}`], env);
        const r = await runCli(['host', 'status', '--json', '--check'], env);
        const report = hostsJson(r.stdout);
        assert.equal(r.code, 2);
        const gone = report.hosts.find((h) => h.name === 'gone');
        assert.equal(gone?.worst, 'unreachable');
        assert.match(gone?.error ?? '', /could not reach gone: .*Connection refused/);
        assert.equal(report.credentials.find((c) => c.host === 'gone')?.state, 'unreachable');
        assert.equal(report.credentials.find((c) => c.id === 'claude-code')?.state, 'ok');
      } finally {
        await local.cleanup();
      }
    });

    it('never waits for a silent host: local status does not contact it, other hosts arrive first', async () => {
      const local = await localMachine();
      const remote = await remoteMachine({ clawkeeper: true, openclaw: false });
      const sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
      const sockets: Socket[] = [];
      const silent = createServer((s) => sockets.push(s)); // accepts, never speaks SSH
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as { port: number }).port;
      try {
        const env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
        await runCli(['host', 'add', 'silent', `ssh://root@127.0.0.1:${port}`], env);
        await runCli(['host', 'add', 'vps', sshd.alias], env);
        const st = await runCli(['status', '--json'], env);
        assert.equal(st.code, 0);
        assert.equal(sockets.length, 0, 'plain status never contacts a host');

        const { loadSettings } = await import('../../../main/core/settings/settings.ts');
        const { NodeWritableFiles } = await import('../../../main/adapters/node/node-writable-files.ts');
        const loaded = await loadSettings(
          new NodeWritableFiles(),
          local.path('.config/clawkeeper/settings.json'),
        );
        const config = readHostsConfig(loaded.settings);
        const transport = new SshTransport(
          new NodeProcessRunner(),
          {
            command: ['ssh', '-F', sshd.sshConfig],
            connectTimeoutSeconds: 60,
            reuse: false,
            persistSeconds: 1,
            controlDir: '/nonexistent',
          },
          env,
        );
        const hosts = new RemoteHosts(transport, config.ssh, () => Date.now());
        const arrived: { name: string; silentOpen: boolean }[] = [];
        await hosts.statusAll(config.hosts, (p) => {
          arrived.push({ name: p.summary.name, silentOpen: sockets.some((s) => !s.destroyed) });
          // the reachable host is in: now let the silent one fail
          if (p.summary.name === 'vps') for (const s of sockets) s.destroy();
        });
        assert.deepEqual(arrived, [
          { name: 'vps', silentOpen: true },
          { name: 'silent', silentOpen: false },
        ]);
      } finally {
        silent.close();
        await sshd.stop();
        await local.cleanup();
        await remote.home.cleanup();
      }
    });
  });

  describe('connection reuse', () => {
    it('shares one connection per host and closes it on host remove', async () => {
      const local = await localMachine();
      const remote = await remoteMachine({ clawkeeper: false, openclaw: true });
      const sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
      const controlDir = local.path('.local/state/clawkeeper/ssh');
      try {
        const env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '1' });
        await runCli(['host', 'add', 'vps', sshd.alias], env);
        const a = await runCli(['host', 'status', 'vps', '--json'], env);
        assert.equal(hostsJson(a.stdout).hosts[0]?.reachable, true, a.stderr);
        assert.equal(readdirSync(controlDir).length, 1, 'one control socket');
        const accepted = sshd.log.text.match(/Accepted publickey/g)?.length ?? 0;
        await runCli(['host', 'status', 'vps', '--json'], env);
        assert.equal(sshd.log.text.match(/Accepted publickey/g)?.length ?? 0, accepted, 'no second login');
        assert.equal((await runCli(['host', 'remove', 'vps'], env)).code, 0);
        assert.equal(readdirSync(controlDir).length, 0, 'the shared connection was closed');
      } finally {
        await sshd.stop([controlDir]);
        await local.cleanup();
        await remote.home.cleanup();
      }
    });
  });
});

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { freePort, TestSshd } from '../../helpers/sshd.ts';
import { readHostsConfig } from '../../../main/core/hosts/host-settings.ts';
import { HostClient } from '../../../main/core/hosts/host-client.ts';
import { SshTransport } from '../../../main/adapters/ssh/ssh-transport.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { hostsJson, localMachine, remoteMachine, SETUP } from '../../helpers/hosts-machines.ts';

describe('hosts over ssh against a real OpenSSH server (openclaw on the remote, failures, reuse)', () => {
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
        const hosts = new HostClient(transport, config.ssh, () => Date.now());
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

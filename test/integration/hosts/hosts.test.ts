import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { access, claudeCredentials, type FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { TestSshd } from '../../helpers/sshd.ts';
import { allText, hostsJson, localMachine, remoteMachine, SETUP } from '../../helpers/hosts-machines.ts';

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

    it('shows the remote service install before it runs, then installs the unit there', async () => {
      const dry = await runCli(['host', 'install-service', 'vps', '--dry-run'], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /on vps: clawkeeper service install/);
      // and for real: the unit lands in the remote user's systemd folder, running the remote
      // clawkeeper; this container has no systemd, so starting it fails there and says why
      const real = await runCli(['host', 'install-service', 'vps'], env);
      assert.match(real.stdout, /Running:\n1\. on vps: clawkeeper service install/);
      const unit = await readFile(remote.home.path('.config/systemd/user/clawkeeper.service'), 'utf8');
      assert.match(unit, /ExecStart=.* watch/);
      assert.match(unit, /Restart=on-failure/);
      assert.ok([0, 1].includes(real.code), real.stderr + real.stdout);
      if (real.code === 1)
        assert.match(
          real.stdout,
          /`systemctl --user daemon-reload` failed: .*\n.*The file is written; start it by hand/,
        );
      assert.doesNotMatch(real.stdout + real.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
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
      const { attachLoginCopies, createHostServices } =
        await import('../../../main/compose/host-services.ts');
      const { buildStatus } = await import('../../../main/cli/commands/status.ts');
      const ctx = await createAppContext(env);
      const logged: string[] = [];
      const logger = {
        debug: () => {},
        info: (m: string) => logged.push(m),
        warn: (m: string) => logged.push(m),
        error: (m: string) => logged.push(m),
      };
      const copier = attachLoginCopies(ctx, createHostServices(ctx), { on: () => () => {} }, logger);
      await copier?.feed((await buildStatus(ctx)).report);
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
});

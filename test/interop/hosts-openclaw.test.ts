// The remote without clawkeeper, for real: the real OpenClaw (2026.6.1, JSON; 2026.9.6, SQLite) on a
// stand-in remote machine reached over a real sshd, read and written through its own CLI.
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostsJson } from '../helpers/hosts-machines.ts';
import { access, DAY, FixtureHome, HOUR, claudeCredentials, refresh } from '../helpers/fixture-home.ts';
import { runCli } from '../helpers/run-cli.ts';
import { TestSshd } from '../helpers/sshd.ts';
import { programs, type Programs } from './programs.ts';

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const SETUP = access('interop-remote-setup');
let p: Programs;
before(() => {
  p = programs();
});

for (const version of ['2026.6.1', '2026.9.6'] as const)
  describe(`a remote host with the real OpenClaw ${version} and no clawkeeper`, () => {
    let local: FixtureHome;
    let remote: FixtureHome;
    let sshd: TestSshd;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      local = await FixtureHome.create();
      await local.claude(
        claudeCredentials({ access: access('l'), refresh: refresh('l'), expiresAt: Date.now() + 6 * HOUR }),
      );
      remote = await FixtureHome.create();
      await remote.config({ ...MODEL, meta: { lastTouchedVersion: version } });
      if (version === '2026.6.1')
        await remote.profiles('main', {
          version: 1,
          profiles: {
            'anthropic:old': {
              type: 'token',
              provider: 'anthropic',
              token: access('interop-old'),
              expires: Date.now() - DAY,
            },
          },
        });
      else await mkdir(remote.path('.openclaw/agents/main/agent'), { recursive: true });
      const bin = remote.path('bin');
      await mkdir(bin);
      await symlink(join(p.node24, 'node'), join(bin, 'node'));
      await symlink(p.openclaw[version], join(bin, 'openclaw'));
      sshd = await TestSshd.start({ remoteHome: remote.home, remoteBin: bin });
      env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
      // the real 2026.9.6 takes 3 s idle and over 40 s on a loaded machine per call
      await local.write('.config/clawkeeper/settings.json', { ssh: { commandTimeoutSeconds: 600 } });
      assert.equal((await runCli(['host', 'add', 'gw', sshd.alias], env)).code, 0);
    });
    after(async () => {
      await sshd.stop();
      await local.cleanup();
      await remote.cleanup();
    });

    it('pastes a setup-token through its own paste-token over ssh, and its status then reads ok', async () => {
      const r = await runCli(['paste-token', '--host', 'gw', '--no-reload'], env, SETUP);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const status = await runCli(['host', 'status', 'gw', '--json'], env);
      const report = hostsJson(status.stdout);
      assert.equal(report.hosts[0]?.via, 'openclaw', status.stderr);
      // the paste lands in the slot the gateway there skipped (the expired token, replaced in
      // place), else anthropic:manual: either way what OpenClaw now sends first
      const slot = version === '2026.6.1' ? 'anthropic:old' : 'anthropic:manual';
      const pasted = report.credentials.find((c) => c.profileId === slot);
      assert.equal(pasted?.state, 'ok', JSON.stringify(report.credentials));
      assert.equal(pasted?.host, 'gw');
      assert.equal(report.routes.find((x) => x.host === 'gw' && x.agent === 'main')?.sends?.profileId, slot);
      if (version === '2026.6.1') {
        const store = await readFile(remote.path('.openclaw/agents/main/agent/auth-profiles.json'), 'utf8');
        assert.ok(store.includes(SETUP));
      }
      assert.equal(status.stdout.includes(SETUP), false);
    });
  });

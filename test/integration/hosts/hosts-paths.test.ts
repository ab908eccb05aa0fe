import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { TestSshd } from '../../helpers/sshd.ts';
import { hostsJson, localMachine, remoteMachine } from '../../helpers/hosts-machines.ts';

/**
 * The data folder as long as macOS's (`/Users/<name>/Library/Application Support/Clawkeeper`,
 * here under a temp folder, so longer still): ssh's control socket under it would not fit the
 * 104/108-byte limit of a Unix socket.
 */
describe('hosts with a data folder as long as macOS’s, with reuse on and off', () => {
  let local: FixtureHome;
  let remote: Awaited<ReturnType<typeof remoteMachine>>;
  let sshd: TestSshd;
  let state: string;
  before(async () => {
    local = await localMachine();
    remote = await remoteMachine({ clawkeeper: false, openclaw: true });
    sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
    state = local.path('Users/ada-lovelace/Library/Application Support');
    mkdirSync(state, { recursive: true });
    assert.ok(`${state}/clawkeeper/ssh/`.length + 40 > 104, 'the socket path would be over the limit');
    const r = await runCli(['host', 'add', 'vps', sshd.alias], local.env({ XDG_STATE_HOME: state }));
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await sshd.stop();
    await local.cleanup();
    await remote.home.cleanup();
  });

  for (const reuse of ['1', '0'])
    it(`reads the remote with connection reuse ${reuse === '1' ? 'on' : 'off (as on Windows)'}`, async () => {
      const env = local.env({
        XDG_STATE_HOME: state,
        CLAWKEEPER_SSH: sshd.sshCommand,
        CLAWKEEPER_SSH_REUSE: reuse,
      });
      for (let i = 0; i < 2; i++) {
        const r = await runCli(['host', 'status', 'vps', '--json'], env);
        const vps = hostsJson(r.stdout).hosts[0];
        assert.equal(vps?.reachable, true, `${vps?.error ?? ''} ${r.stderr}`);
        assert.equal(vps?.via, 'openclaw');
      }
      if (reuse === '0')
        assert.equal(existsSync(`${state}/clawkeeper/ssh`), false, 'no control socket folder without reuse');
    });

  it("shows ssh's own first error line and the command that reproduces it when ssh itself fails", async () => {
    // the user's own ssh options win over ours (ssh keeps an option's first value): a ControlPath
    // of theirs that is too long makes every call fail in ssh, before the remote runs anything
    const long = local.path(`sockets-${'x'.repeat(80)}`);
    mkdirSync(long, { recursive: true });
    const env = local.env({
      XDG_STATE_HOME: state,
      CLAWKEEPER_SSH: `${sshd.sshCommand} -o ControlMaster=auto -o ControlPath='${long}/%C'`,
      CLAWKEEPER_SSH_REUSE: '1',
    });
    const r = await runCli(['host', 'status', 'vps', '--json', '--check'], env);
    assert.equal(r.code, 2);
    const vps = hostsJson(r.stdout).hosts[0];
    assert.equal(vps?.reachable, false);
    assert.equal(vps?.failure, 'failed');
    assert.match(
      vps?.error ?? '',
      /^ssh failed for vps: ControlPath too long \('\/.*sockets-x{80}\/[0-9a-f]{40}' >= 108 bytes\)$/,
    );
    assert.doesNotMatch(vps?.error ?? '', /POSIX|answered/);
    assert.ok(vps?.reproduce, 'the command to reproduce it');
    // run by hand, the command fails the same way
    const by = spawnSync('sh', ['-c', vps.reproduce], { encoding: 'utf8', env });
    assert.equal(by.status, 255);
    assert.equal(by.stderr.split(/\r?\n/)[0], (vps.error ?? '').replace(/^ssh failed for vps: /, ''));
    assert.equal(readdirSync(long).length, 0);
    // the text form says the same, the command included
    const text = await runCli(['host', 'status', 'vps'], env);
    assert.match(text.stdout, /ssh failed for vps: ControlPath too long/);
    assert.match(text.stdout, /→ reproduce it: `ssh -o BatchMode=yes .* -- ck-remote-\d+ true`/);
    // a paste there says it too, and sends nothing
    const p = await runCli(['paste-token', '--host', 'vps'], env, 'x');
    assert.equal(p.code, 1);
    assert.match(p.stderr, /ssh failed for vps: ControlPath too long/);
  });
});

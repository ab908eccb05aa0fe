import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allowedFor, childEnv } from '../../../main/adapters/node/child-env.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { NodePathTrust } from '../../../main/adapters/node/trust.ts';

const daemon = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/ada',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'Europe/Berlin',
  GITHUB_TOKEN: 'ghp_x',
  DATABASE_URL: 'postgres://u:pw@h/db',
  OPENCLAW_STATE_DIR: '/srv/openclaw',
  CLAUDE_CONFIG_DIR: '/home/ada/.claude',
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-x',
  HTTPS_PROXY: 'http://u:p@proxy:3128',
  SSH_AUTH_SOCK: '/run/user/1000/ssh-agent',
  CLAWKEEPER_ALERT_KIND: 'test',
  DOCKER_HOST: 'unix:///run/docker.sock',
};

describe("a child's environment", () => {
  it('is the allow-list for its program, never the daemon’s secrets', () => {
    const names = (p: Parameters<typeof childEnv>[1]) => Object.keys(childEnv(daemon, p)).sort();
    const base = ['HOME', 'LANG', 'LC_ALL', 'PATH', 'TZ'];
    assert.deepEqual(names('system'), base);
    assert.deepEqual(names('openclaw'), [...base, 'OPENCLAW_STATE_DIR'].sort());
    assert.deepEqual(names('claude'), [...base, 'CLAUDE_CONFIG_DIR', 'HTTPS_PROXY'].sort());
    assert.deepEqual(names('alert'), [...base, 'CLAWKEEPER_ALERT_KIND'].sort());
    assert.deepEqual(names('reload'), [...base, 'DOCKER_HOST', 'OPENCLAW_STATE_DIR'].sort());
    assert.deepEqual(names('ssh'), [...base, 'SSH_AUTH_SOCK'].sort());
    for (const p of ['system', 'openclaw', 'claude', 'alert', 'reload', 'ssh'] as const)
      for (const secret of ['GITHUB_TOKEN', 'DATABASE_URL', 'CLAUDE_CODE_OAUTH_TOKEN'])
        assert.equal(allowedFor(p, secret), false, `${secret} never reaches ${p}`);
    // Windows compares names without case
    assert.equal(allowedFor('system', 'Path'), true);
    assert.equal(allowedFor('system', 'SystemRoot'), true);
  });

  it('is what a real child sees, and a named program that others can change is not started', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ck-env-'));
    try {
      const prog = join(dir, 'show-env');
      await writeFile(prog, '#!/bin/sh\nenv\n', { mode: 0o755 });
      const runner = new NodeProcessRunner(process.platform, new NodePathTrust());
      const r = await runner.run(prog, [], { env: daemon, program: 'alert', named: true, timeoutMs: 10_000 });
      assert.equal(r.spawnError, null);
      assert.match(r.stdout, /CLAWKEEPER_ALERT_KIND=test/);
      assert.doesNotMatch(r.stdout, /GITHUB_TOKEN|DATABASE_URL|OAUTH_TOKEN|HTTPS_PROXY/);
      await chmod(prog, 0o777);
      const refused = await runner.run(prog, [], {
        env: daemon,
        program: 'alert',
        named: true,
        timeoutMs: 10_000,
      });
      assert.match(refused.spawnError ?? '', /^untrusted: .*can be changed by other users \(mode 0777\)/);
      assert.equal(refused.stdout, '');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { access, claudeCredentials, type FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';
import { TestSshd } from '../../helpers/sshd.ts';
import { allText, localMachine, remoteMachine } from '../../helpers/hosts-machines.ts';

/** Polls until `pred` holds; the limit only guards against a hang, it is not a speed assertion. */
async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface CopyLine {
  type: 'host-copy';
  host: string;
  ok: boolean;
  fingerprint: string | null;
  error: string | null;
}

describe('clawkeeper watch keeps host copies (real watch, real OpenSSH server on 127.0.0.1)', () => {
  let local: FixtureHome;
  let remote: Awaited<ReturnType<typeof remoteMachine>>;
  let sshd: TestSshd;
  let env: NodeJS.ProcessEnv;
  let watch: ChildProcessWithoutNullStreams;
  let out = '';
  let err = '';
  // a "host" that accepts the connection and then says nothing: ssh waits for its banner
  const held: Socket[] = [];
  let hang = true;
  let silent: Server;
  let localStore = '';
  const storeOf = (path: string) =>
    readFile(path, 'utf8').then(
      (t) => JSON.parse(t) as { profiles: Record<string, { token?: string; expires?: number }> },
    );
  const remoteStore = () => remote.home.path('.openclaw/agents/main/agent/auth-profiles.json');
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const copies = () => lines().filter((l): l is CopyLine & Record<string, unknown> => l.type === 'host-copy');

  before(async () => {
    local = await localMachine();
    // a linked copy of the login on this machine: the keeper's own work, which no host may hold up
    localStore = await local.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: access('local'),
          expires: Date.now() + 6 * HOUR,
        },
      },
    });
    remote = await remoteMachine({ clawkeeper: true, openclaw: true });
    sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
    silent = createServer((s) => (hang ? void held.push(s) : s.destroy()));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    env = local.env({
      CLAWKEEPER_SSH: sshd.sshCommand,
      CLAWKEEPER_SSH_REUSE: '0',
      // nothing here may reach the internet: the token endpoint and the API are a closed port
      CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/v1/oauth/token',
      CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
    });
    await local.write('.config/clawkeeper/settings.json', {
      // the silent host holds its copy until the second test hangs up on it
      ssh: { connectTimeoutSeconds: 120, commandTimeoutSeconds: 600 },
    });
    for (const [name, dest] of [
      ['vps', sshd.alias],
      ['silent', `ssh://tester@127.0.0.1:${port}`],
    ] as const)
      assert.equal((await runCli(['host', 'add', name, dest], env)).code, 0);
    const first = await runCli(['host', 'copy', 'vps', '--keep'], env);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    // the silent host asked for a copy too (`--keep` is only saved after a first copy succeeds)
    const path = local.path('.config/clawkeeper/settings.json');
    const settings = JSON.parse(await readFile(path, 'utf8')) as { hosts: Array<Record<string, unknown>> };
    for (const h of settings.hosts) h.copyLogin = { agent: null, profileId: null };
    await writeFile(path, JSON.stringify(settings));

    watch = spawn(process.execPath, [BIN, 'watch', '--json'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    watch.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    watch.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  });
  after(async () => {
    if (watch.exitCode === null && watch.signalCode === null) watch.kill('SIGKILL');
    for (const s of held) s.destroy();
    silent.close();
    await sshd.stop();
    await local.cleanup();
    await remote.home.cleanup();
  });

  it('a login change under a running watch reaches the remote store, token on stdin only', async () => {
    // the first status copies the current login (watch does not know what the host holds)
    await until('the first copy', () => copies().some((c) => c.host === 'vps' && c.ok));
    const next = access('local-next');
    const tmp = local.path('.claude/.credentials.new');
    await writeFile(
      tmp,
      JSON.stringify(
        claudeCredentials({ access: next, refresh: refresh('local-next'), expiresAt: Date.now() + 8 * HOUR }),
      ),
      { mode: 0o600 },
    );
    await rename(tmp, local.path('.claude/.credentials.json')); // as Claude Code writes it
    await until(
      'the local linked copy',
      async () => (await storeOf(localStore)).profiles['anthropic:claude-cli']?.token === next,
    );
    await until(
      'the copy on the remote',
      async () => (await storeOf(remoteStore())).profiles['anthropic:clawkeeper-copy']?.token === next,
    );
    assert.equal(
      copies().some((c) => c.host === 'silent'),
      false,
      'the copy to the silent host is still waiting: it held up neither the keeper nor vps',
    );
    // the line comes once the gateway there has reloaded too
    await until('the copy reported', () => copies().some((c) => c.fingerprint === fingerprintOf(next)));
    const line = copies().find((c) => c.host === 'vps' && c.fingerprint === fingerprintOf(next));
    assert.equal(line?.ok, true, JSON.stringify(copies()));

    const ps = await readFile(remote.snapshot, 'utf8');
    assert.ok(
      ps.split('\n').some((l) => l.includes('paste-token') && l.includes('clawkeeper-copy')),
      'the snapshot was taken while the remote paste-token ran',
    );
    assert.ok(
      ps.split('\n').some((l) => l.includes(' watch --json')),
      'it shows this machine too (the watch process)',
    );
    for (const secret of [next, refresh('local-next'), access('local'), refresh('local')])
      assert.equal(ps.includes(secret), false, 'a token was in some process argv');
    const remoteFiles = allText(remote.home.home);
    assert.equal(remoteFiles.includes(refresh('local-next')), false, 'the refresh token never leaves');
    assert.equal(allText(remote.home.path('.local/state/clawkeeper/logs')).includes(next), false);
    assert.equal(allText(local.path('.local/state')).includes(next), false, 'local logs');
    assert.equal((out + err).includes(next), false, "watch's output");
    assert.equal(sshd.log.text.includes(next), false);
  });

  it('a host that hangs up is reported as a failed copy and watch keeps running', async () => {
    hang = false;
    for (const s of held) s.destroy();
    await until('the silent host to fail', () => copies().some((c) => c.host === 'silent'));
    const c = copies().find((x) => x.host === 'silent');
    assert.equal(c?.ok, false);
    assert.match(c?.error ?? '', /silent/);
    assert.equal(watch.exitCode, null, 'watch is still running');
    const log = allText(local.path('.local/state'));
    assert.match(log, /login copy to host failed/);
    watch.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => watch.once('close', r));
    assert.equal(code, 0, err);
  });
});

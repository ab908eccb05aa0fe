import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { TestSshd } from '../../helpers/sshd.ts';
import { hostsJson, localMachine, remoteMachine } from '../../helpers/hosts-machines.ts';
import { main } from '../../../main/cli/index.ts';

/** Runs the CLI in this process with a stderr that says it is a terminal (or not); each stdout write is kept apart. */
async function runStreaming(argv: string[], env: NodeJS.ProcessEnv, tty: boolean) {
  const chunks: string[] = [];
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => chunks.push(s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty } as { write(s: string): unknown },
    env,
  });
  return { code, chunks, stderr };
}

describe('a fleet at a glance: host status streams, bounded, with a per-host timeout', () => {
  let local: FixtureHome;
  let remote: Awaited<ReturnType<typeof remoteMachine>>;
  let sshd: TestSshd;
  let env: NodeJS.ProcessEnv;
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s)); // accepts, never speaks SSH
  before(async () => {
    local = await localMachine();
    remote = await remoteMachine({ clawkeeper: false, openclaw: true });
    sshd = await TestSshd.start({ remoteHome: remote.home.home, remoteBin: remote.bin });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    env = local.env({ CLAWKEEPER_SSH: sshd.sshCommand, CLAWKEEPER_SSH_REUSE: '0' });
    await runCli(['host', 'add', 'quiet', `ssh://root@127.0.0.1:${port}`, '--tag', 'edge'], env);
    for (const n of ['a', 'b', 'c']) await runCli(['host', 'add', n, sshd.alias, '--tag', 'edge'], env);
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    silent.close();
    await sshd.stop();
    await local.cleanup();
    await remote.home.cleanup();
  });

  it('prints each host as it answers: the silent one last, after its own timeout, then one summary', async () => {
    const r = await runStreaming(['host', 'status', '--json', '--timeout', '8'], env, false);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.chunks.map((c) => JSON.parse(c) as { schema: string; summary?: { name: string } });
    assert.equal(r.chunks.length, 6, 'one write per host and one for the summary');
    assert.ok(
      r.chunks.every((c) => c.endsWith('\n') && c.indexOf('\n') === c.length - 1),
      'one line each',
    );
    assert.deepEqual(
      lines.map((l) => l.schema),
      [...Array<string>(5).fill('clawkeeper.host-status/1'), 'clawkeeper.host-summary/1'],
    );
    const order = lines.slice(0, 5).map((l) => l.summary?.name);
    assert.equal(order[4], 'quiet', `the silent host comes last: ${order.join(',')}`);
    assert.deepEqual(new Set(order.slice(0, 4)), new Set(['local', 'a', 'b', 'c']));
    const report = hostsJson(r.chunks.join(''));
    const quiet = report.hosts.find((h) => h.name === 'quiet');
    assert.equal(quiet?.failure, 'timeout');
    assert.equal(quiet?.error, 'quiet did not answer within 8 s');
    assert.deepEqual(
      report.summary.hosts.map((h) => h.name),
      ['local', 'quiet', 'a', 'b', 'c'],
      'the summary keeps the order of the settings',
    );
    assert.deepEqual(report.summary.byState, { ok: 4, unreachable: 1 });
    assert.equal(report.summary.exitCode, 2);
    assert.doesNotMatch(r.stderr, /checking/, 'no progress line when stderr is not a terminal');
  });

  it('draws a progress line on a terminal and clears it before every host and at the end', async () => {
    const r = await runStreaming(['host', 'status', '--tag', 'edge', '--timeout', '8'], env, true);
    assert.ok(
      r.stderr.startsWith('\r\u001b[Kchecking 0/4 … (4 asking)'),
      JSON.stringify(r.stderr.slice(0, 60)),
    );
    assert.match(r.stderr, /checking 3\/4 … \(\d asking\)/);
    assert.ok(r.stderr.endsWith('\r\u001b[K'), 'cleared at the end');
    // text: one block per host as it answers, the summary last
    assert.match(r.chunks.at(-2) ?? '', /^quiet \(ssh:\/\/root@127\.0\.0\.1:\d+\): unreachable/);
    assert.match(
      r.chunks.at(-1) ?? '',
      /^Clawkeeper hosts: unreachable \(4 hosts: 3 ok, 1 unreachable\) {2}\(--check exits 2\)/,
    );
  });

  it('asks at most ssh.parallel hosts at once', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const path = local.path('.config/clawkeeper/settings.json');
    const settings = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...settings, ssh: { parallel: 1 } }));
    try {
      const r = await runStreaming(['host', 'status', '--tag', 'edge', '--timeout', '8'], env, true);
      // with one slot, the progress line never shows more than one host holding one
      assert.doesNotMatch(r.stderr, /\((?:[2-9]|\d\d) asking\)/);
      assert.match(r.stderr, /\([01] asking\)/);
      assert.equal(r.chunks.length, 5);
    } finally {
      await writeFile(path, JSON.stringify(settings));
    }
  });
});

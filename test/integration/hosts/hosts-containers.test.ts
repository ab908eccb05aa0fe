import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT } from '../../helpers/app-harness.ts';
import { access, type FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { hostsJson, localMachine, remoteMachine, SETUP } from '../../helpers/hosts-machines.ts';
import {
  chownTree,
  containerBin,
  FakeEngine,
  localAccount,
  sampleProcesses,
  type LocalAccount,
} from '../../helpers/containers.ts';

const STORE = '.openclaw/agents/main/agent/auth-profiles.json';

describe('containers as hosts (docker, compose, podman, kubectl exec; the gateway runs as another account)', () => {
  let account: LocalAccount;
  let local: FixtureHome;
  let remote: Awaited<ReturnType<typeof remoteMachine>>;
  let engine: FakeEngine;
  let env: NodeJS.ProcessEnv;
  let project: string;
  before(async () => {
    account = localAccount();
    local = await localMachine();
    remote = await remoteMachine({ clawkeeper: true, openclaw: true });
    const path = await containerBin(remote.home.path('cbin'), { clawkeeper: true, openclaw: true });
    chownTree(remote.home.home, account);
    engine = await FakeEngine.create();
    project = join(engine.dir, 'openclaw-project');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), 'services:\n  gateway:\n    image: openclaw\n');
    const gw = { user: account, home: remote.home.home, path };
    await engine.state({
      containers: { 'openclaw-gw': gw, 'old-gw': { ...gw, running: false } },
      compose: { [project]: { gateway: 'openclaw-gw' } },
      pods: { 'ai/gw-0': { default: 'gateway', containers: { gateway: 'openclaw-gw' } } },
    });
    env = local.env(engine.env());
    for (const add of [
      ['gw', '--docker', 'openclaw-gw', '--tag', 'prod'],
      ['gwc', '--compose', 'gateway', '--compose-dir', project, '--tag', 'prod'],
      ['gwp', '--podman', 'openclaw-gw'],
      ['gwk', '--kubectl', 'ai/gw-0', '--tag', 'k8s'],
      ['old', '--docker', 'old-gw'],
    ]) {
      const r = await runCli(['host', 'add', ...add], env);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await engine.cleanup();
    await local.cleanup();
    await remote.home.cleanup();
    account.remove();
  });

  it('the stand-ins refuse what the real CLIs refuse', () => {
    const run = (cmd: string[], input = '') =>
      spawnSync(cmd[0] ?? '', cmd.slice(1), { env: { ...env }, input, encoding: 'utf8' });
    const noI = run(['docker', 'exec', 'openclaw-gw', 'sh', '-c', 'cat'], 'secret');
    assert.equal(noI.status, 0);
    assert.equal(noI.stdout, '', 'without -i the command gets no stdin');
    assert.equal(run(['docker', 'exec', '-i', 'openclaw-gw', 'sh', '-c', 'cat'], 'x').stdout, 'x');
    assert.match(
      run(['docker', 'exec', '-t', 'openclaw-gw', 'true']).stderr,
      /the input device is not a TTY/,
    );
    assert.match(run(['docker', 'exec', '--bogus', 'openclaw-gw', 'true']).stderr, /unknown flag: --bogus/);
    assert.equal(run(['docker', 'exec', 'openclaw-gw']).status, 1);
    assert.match(
      run(['docker', 'exec', 'nope', 'true']).stderr,
      /^Error response from daemon: No such container: nope/,
    );
    assert.match(
      run(['kubectl', 'exec', '-i', '-n', 'ai', 'gw-0', 'true']).stderr,
      /Use exec \[POD\] -- \[COMMAND\]/,
    );
    assert.match(
      run(['docker', 'compose', '--project-directory', project, 'exec', 'gateway', 'true']).stderr,
      /not a TTY/,
    );
    assert.match(
      run(['docker', 'compose', '--project-directory', engine.dir, 'exec', '-T', 'gateway', 'true']).stderr,
      /no configuration file provided/,
    );
    // it runs as the container's account, with the container's environment only
    const who = run([
      'docker',
      'exec',
      'openclaw-gw',
      'sh',
      '-c',
      'id -u; echo "$HOME"; env | grep -c DOCKER_HOST',
    ]);
    assert.deepEqual(who.stdout.trim().split('\n'), [String(account.uid), remote.home.home, '0']);
  });

  it('reads every container host with the same status as over ssh, each line as it answers', async () => {
    const r = await runCli(['host', 'status', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const report = hostsJson(r.stdout);
    const by = (n: string) => report.hosts.find((h) => h.name === n);
    for (const [n, dest] of [
      ['gw', 'docker:openclaw-gw'],
      ['gwc', 'compose:gateway'],
      ['gwp', 'podman:openclaw-gw'],
      ['gwk', 'kubectl:ai/gw-0'],
    ]) {
      assert.equal(by(n ?? '')?.reachable, true, `${n}: ${by(n ?? '')?.error ?? ''}`);
      assert.equal(by(n ?? '')?.via, 'clawkeeper');
      assert.equal(by(n ?? '')?.destination, dest);
      assert.equal(
        report.credentials.find((c) => c.host === n && c.profileId === 'anthropic:manual')?.state,
        'ok',
      );
    }
    const old = by('old');
    assert.equal(old?.reachable, false);
    assert.equal(old?.worst, 'unreachable');
    assert.match(
      old?.error ?? '',
      /^old is not running: Error response from daemon: container old-gw-0123456789ab is not running$/,
    );
    assert.match(old?.hint ?? '', /docker start old-gw/);
    assert.equal(old?.reproduce, 'docker exec -i old-gw true');
    assert.deepEqual(report.summary.byState, { ok: 5, unreachable: 1 });
  });

  it('picks hosts by tag', async () => {
    const r = await runCli(['host', 'status', '--tag', 'prod', '--json'], env);
    assert.deepEqual(
      hostsJson(r.stdout).hosts.map((h) => h.name),
      ['gw', 'gwc'],
    );
    const list = await runCli(['host', 'list', '--tag', 'k8s'], env);
    assert.equal(list.stdout, 'gwk\tkubectl:ai/gw-0\tk8s\n');
    const none = await runCli(['host', 'doctor', '--tag', 'nothing'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no host carries the tag nothing/);
  });

  it('shows the exact docker command before a paste, and pastes with the token on stdin only', async () => {
    const dry = await runCli(['paste-token', '--host', 'gw', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /runs: docker exec -i openclaw-gw sh -c '.*' clawkeeper - clawkeeper paste-token --json --expires-in 365d/,
    );
    // a pass over /proc can miss a short-lived client on a loaded machine: paste again (the same
    // token, the same slot) until the sampler has seen the engine's client, every sample checked
    const argv = new Set<string>();
    const environ = new Set<string>();
    let r: Awaited<ReturnType<typeof runCli>> | null = null;
    for (let attempt = 0; attempt < 4; attempt++) {
      const s = await sampleProcesses(() => runCli(['paste-token', '--host', 'gw'], env, SETUP + '\n'));
      r = s.result;
      for (const l of s.argv) argv.add(l);
      for (const e of s.environ) environ.add(e);
      if ([...s.argv].some((l) => l.includes('container-cli.mjs docker exec -i openclaw-gw sh -c'))) break;
    }
    assert.ok(r);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const store = JSON.parse(await readFile(remote.home.path(STORE), 'utf8')) as {
      profiles: Record<string, { token?: string }>;
    };
    assert.equal(store.profiles['anthropic:manual']?.token, SETUP);
    assert.equal(statSync(remote.home.path(STORE)).uid, account.uid, "the store stays the container user's");
    // the sampler saw the engine's client and the paste inside while they ran
    const seen = [...argv];
    assert.ok(
      seen.some((l) => l.includes('container-cli.mjs docker exec -i openclaw-gw sh -c')),
      'docker exec',
    );
    assert.ok(
      seen.some((l) => l.includes('paste-token --json')),
      'the paste in the container',
    );
    assert.ok(environ.size > 10);
    for (const l of argv)
      assert.equal(l.includes(SETUP), false, `the token was in an argv: ${l.slice(0, 80)}`);
    for (const e of environ) assert.equal(e.includes(SETUP), false, 'the token was in an environment');
    assert.equal((r.stdout + r.stderr).includes(SETUP), false);
    const argvLog = await readFile(remote.home.path('openclaw-argv.log'), 'utf8');
    assert.match(argvLog, /"secrets","reload"/, 'the gateway in the container was reloaded');
    assert.equal(argvLog.includes(SETUP), false);
  });

  it('pastes to every host of a tag: the token read once, sent on stdin only, one JSON line per host', async () => {
    const token = access('tagged-paste');
    const dry = await runCli(['paste-token', '--tag', 'prod', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /== gw ==\nWould run[^=]*docker exec -i openclaw-gw sh -c/);
    assert.match(
      dry.stdout,
      /== gwc ==\nWould run[^=]*docker compose --project-directory \S+ exec -T gateway/,
    );
    const { result: r, argv } = await sampleProcesses(() =>
      runCli(['paste-token', '--tag', 'prod', '--json', '--no-reload'], env, token + '\n'),
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const schema = JSON.parse(
      await readFile(join(ROOT, 'schemas', 'paste-token-1.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    for (const l of lines) assert.ok(validate(l), JSON.stringify(validate.errors));
    assert.deepEqual(lines.map((l) => [l['host'], l['ok']]).sort(), [
      ['gw', true],
      ['gwc', true],
    ]);
    const store = JSON.parse(await readFile(remote.home.path(STORE), 'utf8')) as {
      profiles: Record<string, { token?: string }>;
    };
    assert.equal(store.profiles['anthropic:manual']?.token, token);
    for (const l of argv)
      assert.equal(l.includes(token), false, `the token was in an argv: ${l.slice(0, 80)}`);
    assert.equal((r.stdout + r.stderr).includes(token), false);
    // a refused token reaches no host
    const bad = await runCli(['paste-token', '--tag', 'prod'], env, 'sk-ant-api03-not-a-setup-token\n');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^clawkeeper: refused: /);
    assert.equal(bad.stdout, '');
  });

  it("runs the container's doctor through kubectl, and over a tag through every host of it", async () => {
    const k = await runCli(['host', 'doctor', 'gwk'], env);
    assert.equal(k.code, 0, k.stderr + k.stdout);
    assert.match(
      k.stdout,
      /runs: kubectl exec -i -n ai gw-0 -- sh -c '.*' clawkeeper - clawkeeper doctor --dry-run/,
    );
    assert.match(k.stdout, /done: on gwk: clawkeeper doctor --dry-run/);
    const tagged = await runCli(['host', 'doctor', '--tag', 'prod', '--dry-run'], env);
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.match(tagged.stdout, /== gw ==\nWould run[^=]*docker exec -i openclaw-gw/);
    assert.match(
      tagged.stdout,
      /== gwc ==\nWould run[^=]*docker compose --project-directory \S+ exec -T gateway/,
    );
  });

  it('says when the engine is missing or down, with its own words', async () => {
    const noBin = await runCli(['host', 'status', 'gw', '--json'], { ...env, PATH: '/usr/bin:/bin' });
    const h = hostsJson(noBin.stdout).hosts[0];
    assert.equal(h?.failure, 'client-missing');
    assert.match(h?.error ?? '', /docker could not be started \(ENOENT\) to reach gw/);
    const down = await runCli(['host', 'status', 'gwk', '--json'], { ...env, KUBECONFIG: '' });
    const k = hostsJson(down.stdout).hosts[0];
    assert.equal(k?.reachable, false);
    assert.match(
      k?.error ?? '',
      /could not reach the cluster for gwk: The connection to the server localhost:8080 was refused/,
    );
  });
});

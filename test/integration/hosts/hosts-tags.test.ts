/**
 * Tags through the real CLI: `host tag` changes a host's tags in place (nothing else about it),
 * `--tag` narrows on every host command, and a tag no host carries stops every command before any
 * host is contacted (the ssh program here only records that it was started) and before the
 * settings file changes. Removing by tag needs `--yes`.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type FixtureHome } from '../../helpers/fixture-home.ts';
import { localMachine, SETUP } from '../../helpers/hosts-machines.ts';
import { runCli } from '../../helpers/run-cli.ts';

interface SavedHost {
  name: string;
  tags?: string[];
  [k: string]: unknown;
}

describe('host tags', () => {
  let local: FixtureHome;
  let env: NodeJS.ProcessEnv;
  let settings: string;
  let sshLog: string;
  const saved = () => (JSON.parse(readFileSync(settings, 'utf8')) as { hosts: SavedHost[] }).hosts;
  const tagsOf = (name: string) => saved().find((h) => h.name === name)?.tags;
  const run = async (argv: string[], input?: string) => {
    const r = await runCli(argv, env, input);
    assert.notEqual(r.code, 70, `${argv.join(' ')}: internal error: ${r.stderr}`);
    return r;
  };

  before(async () => {
    local = await localMachine();
    sshLog = local.path('ssh-calls.log');
    const ssh = local.path('record-ssh');
    // started at all means a host was contacted: record it and fail as an unreachable host would
    writeFileSync(ssh, `#!/bin/sh\necho "$*" >> '${sshLog}'\nexit 255\n`);
    chmodSync(ssh, 0o755);
    env = local.env({ CLAWKEEPER_SSH: ssh, CLAWKEEPER_SSH_REUSE: '0' });
    settings = local.path('.config/clawkeeper/settings.json');
    for (const add of [
      ['web1', 'ops@web1.example.invalid', '--tag', 'prod', '--tag', 'eu'],
      ['web2', 'ops@web2.example.invalid', '--tag', 'prod'],
      ['lab', 'ops@lab.example.invalid', '--tag', 'staging', '--clawkeeper', '/opt/ck/bin/clawkeeper'],
      ['nas', 'ops@nas.example.invalid'],
    ]) {
      const r = await run(['host', 'add', ...add]);
      assert.equal(r.code, 0, r.stderr);
    }
    // a field a newer version might write: a tag change keeps it
    const raw = JSON.parse(readFileSync(settings, 'utf8')) as { hosts: SavedHost[] };
    raw.hosts[2] = { ...raw.hosts[2], name: 'lab', future: { kept: true } };
    writeFileSync(settings, JSON.stringify(raw, null, 2));
  });
  after(() => local.cleanup());

  it('host tag adds and removes in place, keeping the rest of the host and its place in the list', async () => {
    const r = await run(['host', 'tag', 'lab', '--add', 'gpu', '--add', 'eu', '--remove', 'staging']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'lab: gpu, eu (added gpu, eu; removed staging)\n');
    const lab = saved()[2];
    assert.equal(lab?.name, 'lab');
    assert.deepEqual(lab?.tags, ['gpu', 'eu']);
    assert.equal(lab?.['clawkeeperBin'], '/opt/ck/bin/clawkeeper');
    assert.deepEqual(lab?.['future'], { kept: true });
    assert.deepEqual(
      saved().map((h) => h.name),
      ['web1', 'web2', 'lab', 'nas'],
    );
    // neither --add nor --remove: shows them; adding a tag it carries changes nothing
    assert.equal((await run(['host', 'tag', 'lab'])).stdout, 'lab: gpu, eu\n');
    const before = readFileSync(settings, 'utf8');
    assert.equal((await run(['host', 'tag', 'lab', '--add', 'gpu'])).stdout, 'lab: gpu, eu\n');
    assert.equal(readFileSync(settings, 'utf8'), before, 'nothing to change: the file is not rewritten');
  });

  it('host tag --tag retags every host carrying it, and --json prints them as clawkeeper.hosts/1', async () => {
    const r = await run(['host', 'tag', '--tag', 'eu', '--add', 'zone-a', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { schema: string; hosts: SavedHost[] };
    assert.equal(out.schema, 'clawkeeper.hosts/1');
    assert.deepEqual(
      out.hosts.map((h) => [h.name, h.tags]),
      [
        ['web1', ['prod', 'eu', 'zone-a']],
        ['lab', ['gpu', 'eu', 'zone-a']],
      ],
    );
    assert.deepEqual(tagsOf('web2'), ['prod'], 'a host without the tag is untouched');
    const undo = await run(['host', 'tag', '--tag', 'zone-a', '--remove', 'zone-a']);
    assert.equal(undo.stdout, 'web1: prod, eu (removed zone-a)\nlab: gpu, eu (removed zone-a)\n');
  });

  it('refuses a tag change that cannot be meant, saying why, and writes nothing', async () => {
    const before = readFileSync(settings, 'utf8');
    const missing = await run(['host', 'tag', 'web2', '--remove', 'eu']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /web2 carries no tag eu \(tags there: prod\)/);
    for (const argv of [
      ['host', 'tag', 'web2', '--add', 'Prod'],
      ['host', 'tag', 'web2', '--add', 'x', '--remove', 'x'],
      ['host', 'tag'],
      ['host', 'tag', 'web2', 'web1'],
      ['host', 'tag', 'web2', '--tag', 'prod', '--add', 'x'],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 64, `${argv.join(' ')}: ${r.code} ${r.stderr}`);
    }
    const unknownHost = await run(['host', 'tag', 'nope', '--add', 'x']);
    assert.equal(unknownHost.code, 1);
    assert.match(unknownHost.stderr, /no host named "nope"; known hosts: web1, web2, lab, nas/);
    assert.equal(readFileSync(settings, 'utf8'), before);
  });

  it('several --tag narrow to the hosts carrying each', async () => {
    const r = await run(['host', 'list', '--tag', 'prod', '--tag', 'eu']);
    assert.equal(r.stdout, 'web1\tops@web1.example.invalid\tprod,eu\n');
    const none = await run(['host', 'list', '--tag', 'prod', '--tag', 'gpu']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no host carries all of prod, gpu \(several --tag narrow/);
  });

  it('a tag no host carries stops every host command before any host is contacted', async () => {
    const before = readFileSync(settings, 'utf8');
    for (const argv of [
      ['host', 'list', '--tag', 'prd'],
      ['host', 'status', '--tag', 'prd'],
      ['host', 'status', '--tag', 'prd', '--json'],
      ['host', 'doctor', '--tag', 'prd'],
      ['host', 'install-service', '--tag', 'prd'],
      ['host', 'copy', '--tag', 'prd', '--keep'],
      ['host', 'remove', '--tag', 'prd', '--yes'],
      ['host', 'tag', '--tag', 'prd', '--add', 'x'],
      ['paste-token', '--tag', 'prd'],
    ]) {
      const r = await run(argv, argv[0] === 'paste-token' ? `${SETUP}\n` : undefined);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.code} ${r.stderr}`);
      assert.match(
        r.stderr,
        /no host carries the tag prd; known tags: eu \(2\), gpu \(1\), prod \(2\)/,
        argv.join(' '),
      );
    }
    const json = await run(['paste-token', '--tag', 'prd', '--json'], `${SETUP}\n`);
    assert.deepEqual(JSON.parse(json.stdout), {
      schema: 'clawkeeper.paste-token/1',
      ok: false,
      error: 'no host carries the tag prd; known tags: eu (2), gpu (1), prod (2)',
      hint: null,
    });
    // an unknown NAME is the same kind of error (it used to end as an internal error, 70)
    const name = await run(['paste-token', '--host', 'nope'], `${SETUP}\n`);
    assert.equal(name.code, 1);
    assert.match(name.stderr, /no host named "nope"; known hosts:/);
    assert.equal(existsSync(sshLog), false, 'no host was contacted');
    assert.equal(readFileSync(settings, 'utf8'), before, 'the settings file did not change');
  });

  it('paste-token takes --host or --tag, not both', async () => {
    const r = await run(['paste-token', '--host', 'web1', '--tag', 'prod'], `${SETUP}\n`);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /a NAME or --tag, not both/);
  });

  it('host remove --tag names the hosts it would remove and removes them only with --yes', async () => {
    const before = readFileSync(settings, 'utf8');
    const asked = await run(['host', 'remove', '--tag', 'prod']);
    assert.equal(asked.code, 64);
    assert.match(asked.stderr, /would remove 2 hosts: web1, web2\n {2}→ add --yes to remove them/);
    assert.equal(readFileSync(settings, 'utf8'), before);
    const done = await run(['host', 'remove', '--tag', 'prod', '--yes']);
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout, 'Removed web1, web2.\n');
    assert.deepEqual(
      saved().map((h) => h.name),
      ['lab', 'nas'],
    );
    // by NAME, as before: no --yes needed
    assert.equal((await run(['host', 'remove', 'nas'])).code, 0);
    assert.equal(existsSync(sshLog), false, 'removing hosts contacts none');
  });
});

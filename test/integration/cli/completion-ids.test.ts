/**
 * Completion knows ids: `clawkeeper __complete hosts|tags|agents|links|backups` prints them (no
 * token, nothing written), and the bash, zsh and fish scripts ask it at the places the command
 * table says (after --agent, --host and --tag, `host remove NAME`, `link remove ID`, `backup restore ID`),
 * through a real `clawkeeper` on PATH. PowerShell is not installed here: its script is checked
 * for the same table.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DYNAMIC } from '../../../main/cli/completion.ts';
import { access, FixtureHome } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const quoteSh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const token = access('complete-me');
let h: FixtureHome;
let env: NodeJS.ProcessEnv;

before(async () => {
  h = await FixtureHome.create();
  // a `clawkeeper` on PATH, as an installed one: the scripts call it for ids
  const bin = h.path('bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'clawkeeper'),
    `#!/bin/sh\nexec ${quoteSh(process.execPath)} ${quoteSh(BIN)} "$@"\n`,
  );
  chmodSync(join(bin, 'clawkeeper'), 0o755);
  env = h.env({ PATH: `${bin}:${process.env['PATH'] ?? ''}`, CLAWKEEPER_DATA_DIR: h.path('data') });
  await h.profiles('main', { version: 1, profiles: {} });
  await h.profiles('work', { version: 1, profiles: {} });
  await h.write('gw/.env', 'PORT=8080\n');
  for (const argv of [
    ['host', 'add', 'gw1', 'ops@gw1.example.invalid', '--tag', 'prod'],
    ['host', 'add', 'nas', 'ssh://root@nas.example.invalid:2222', '--tag', 'prod', '--tag', 'home'],
    ['link', 'add', '--dotenv', h.path('gw/.env')],
  ]) {
    const r = await runCli(argv, env);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  }
  const pasted = await runCli(['paste-token', '--agent', 'main'], env, `${token}\n`);
  assert.equal(pasted.code, 0, pasted.stderr);
});
after(() => h.cleanup());

const ids = async (kind: string) => (await runCli(['__complete', kind], env)).stdout.trim().split('\n');

describe('completion of ids', () => {
  it('__complete prints the ids of each kind, never a token, and nothing for an unknown kind', async () => {
    assert.deepEqual(await ids('hosts'), ['gw1', 'local', 'nas']);
    assert.deepEqual(await ids('tags'), ['home', 'prod']);
    assert.deepEqual(await ids('agents'), ['main', 'work']);
    assert.deepEqual(await ids('links'), [`env:${h.path('gw/.env')}#ANTHROPIC_OAUTH_TOKEN`]);
    const backups = await ids('backups');
    assert.equal(backups.length, 1);
    assert.match(backups[0] ?? '', /^\S+$/);
    const all = (await Promise.all(['hosts', 'tags', 'agents', 'links', 'backups'].map(ids)))
      .flat()
      .join('\n');
    assert.ok(!all.includes(token.slice(13)), 'no token');
    const bad = await runCli(['__complete', 'tokens'], env);
    assert.equal(bad.code, 64);
    assert.equal(bad.stdout, '');
    assert.equal((await runCli(['--help'], env)).stdout.includes('__complete'), false, 'not in the help');
  });

  it('bash offers them after --agent and --host and as the id of host remove, link remove and backup restore', async () => {
    const script = h.path('ck.bash');
    writeFileSync(script, (await runCli(['completion', 'bash'], env)).stdout);
    const complete = (line: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_LINE=${quoteSh(line)}; COMP_POINT=\${#COMP_LINE}; _clawkeeper; printf '%s\\n' "\${COMPREPLY[@]}"`,
          script,
        ],
        { encoding: 'utf8', env },
      ).trim();
    assert.equal(complete('clawkeeper status --agent w'), 'work');
    assert.equal(complete('clawkeeper paste-token --host n'), 'nas');
    assert.equal(complete('clawkeeper host remove g'), 'gw1');
    assert.equal(complete('clawkeeper host tag n'), 'nas');
    assert.equal(complete('clawkeeper host status --tag h'), 'home');
    assert.deepEqual(complete('clawkeeper paste-token --tag ').split('\n'), ['home', 'prod']);
    assert.equal(complete('clawkeeper host tag nas --remove p'), 'prod');
    assert.equal(complete('clawkeeper host remove --y'), '--yes');
    assert.deepEqual(complete('clawkeeper host status ').split('\n'), ['gw1', 'local', 'nas']);
    assert.equal(complete('clawkeeper backup restore '), (await ids('backups'))[0]);
    // a link id holds colons: bash replaces only what follows the last one
    assert.equal(complete('clawkeeper link remove env:'), `${h.path('gw/.env')}#ANTHROPIC_OAUTH_TOKEN`);
    assert.equal(complete('clawkeeper status --j'), '--json', 'the static words still complete');
  });

  it('zsh offers them', { skip: !has('zsh') && 'zsh is not installed' }, async () => {
    const script = h.path('ck.zsh');
    writeFileSync(script, (await runCli(['completion', 'zsh'], env)).stdout);
    // compadd is replaced by a printer: what the function would offer, one per line
    const offer = (...words: string[]) =>
      execFileSync(
        'zsh',
        [
          '-f',
          '-c',
          `autoload -U compinit && compinit -u -D && source "$1"; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; words=(${words.map(quoteSh).join(' ')}); CURRENT=${words.length}; _clawkeeper`,
          'zsh',
          script,
        ],
        { encoding: 'utf8', env },
      ).trim();
    assert.deepEqual(offer('clawkeeper', 'status', '--agent', '').split('\n'), ['main', 'work']);
    assert.deepEqual(offer('clawkeeper', 'host', 'doctor', '').split('\n'), ['gw1', 'local', 'nas']);
    assert.deepEqual(offer('clawkeeper', 'host', 'list', '--tag', '').split('\n'), ['home', 'prod']);
    assert.ok(
      offer('clawkeeper', 'host', 'remove', '--').split('\n').includes('--yes'),
      'an option, not an id',
    );
  });

  it('fish offers them', { skip: !has('fish') && 'fish is not installed' }, async () => {
    const script = h.path('ck.fish');
    writeFileSync(script, (await runCli(['completion', 'fish'], env)).stdout);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C${quoteSh(line)}`, script], {
        encoding: 'utf8',
        env,
      });
    assert.match(complete('clawkeeper status --agent '), /^work$/m);
    assert.match(complete('clawkeeper link remove '), /^env:/m);
    assert.match(complete('clawkeeper host copy --tag '), /^home$/m);
    assert.match(complete('clawkeeper host copy --tag '), /^prod$/m);
    assert.match(complete('clawkeeper backup restore '), new RegExp(`^${(await ids('backups'))[0]}$`, 'm'));
  });

  it('the PowerShell script registers a completer with the same commands and id slots', async () => {
    const r = await runCli(['completion', 'powershell'], env);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /^Register-ArgumentCompleter -Native -CommandName clawkeeper, clawkeeper\.cmd -ScriptBlock \{$/m,
    );
    for (const o of DYNAMIC.options) assert.ok(r.stdout.includes(`'${o.option}' = '${o.kind}'`), o.option);
    for (const p of DYNAMIC.positions)
      assert.ok(r.stdout.includes(`'${p.command} ${p.sub}' = '${p.kind}'`), p.sub);
    assert.match(r.stdout, /& clawkeeper __complete \$kind/);
    assert.match(r.stdout, /'paste-token' = @\(/);
    // balanced braces and parentheses: a cut-off script would not load
    for (const [open, close] of [
      ['{', '}'],
      ['(', ')'],
    ] as const)
      assert.equal(r.stdout.split(open).length, r.stdout.split(close).length, `${open}${close}`);
  });
});

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../../main/cli/commands.ts';
import { ROOT } from '../../helpers/app-harness.ts';
import { runCli, spawnCli } from '../../helpers/run-cli.ts';

const quoteSh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

describe('a CLI that installs like one', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ck-cli-install-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('`clawkeeper` alone prints the help and exits 0', async () => {
    const r = await spawnCli([], { PATH: process.env['PATH'] ?? '' });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage:$/m);
    assert.match(r.stdout, /clawkeeper completion bash\|zsh\|fish/);
  });

  it('every command answers --help (and `help COMMAND`) with its usage, exit 0, touching nothing', async () => {
    for (const c of COMMANDS) {
      const r = await runCli([c.name, '--help'], { HOME: '/nonexistent' });
      assert.equal(r.code, 0, `${c.name} --help: ${r.stderr}`);
      assert.ok(r.stdout.startsWith(`Usage: clawkeeper ${c.usage}\n`), c.name);
      assert.equal((await runCli(['help', c.name], {})).stdout, r.stdout);
    }
    assert.equal((await runCli(['paste-token', '-h'], {})).code, 0);
    assert.equal((await runCli(['help', 'nope'], {})).code, 64);
    assert.equal((await runCli(['completion', 'powershell'], {})).code, 0);
    assert.equal((await runCli(['completion', 'tcsh'], {})).code, 64);
  });

  it('bash completes commands, subcommands and options', async () => {
    const script = join(dir, 'ck.bash');
    writeFileSync(script, (await runCli(['completion', 'bash'], {})).stdout);
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_LINE=${quoteSh(words.join(' '))}; COMP_POINT=\${#COMP_LINE}; _clawkeeper; printf '%s\\n' "\${COMPREPLY[@]}"`,
          script,
        ],
        { encoding: 'utf8' },
      ).trim();
    assert.equal(complete('clawkeeper', 'pa'), 'paste-token');
    assert.equal(complete('clawkeeper', 'status', '--j'), '--json');
    assert.deepEqual(complete('clawkeeper', 'backup', '').split('\n').slice(0, 2), ['list', 'restore']);
    assert.equal(complete('clawkeeper', 'completion', 'f'), 'fish');
  });

  it('zsh loads its completion function', { skip: !has('zsh') && 'zsh is not installed' }, async () => {
    const script = join(dir, 'ck.zsh');
    writeFileSync(script, (await runCli(['completion', 'zsh'], {})).stdout);
    const out = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        `autoload -U compinit && compinit -u -D && source "$1" && print -r -- $_comps[clawkeeper]`,
        'zsh',
        script,
      ],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir } },
    );
    assert.equal(out.trim(), '_clawkeeper');
  });

  it('fish completes commands and options', { skip: !has('fish') && 'fish is not installed' }, async () => {
    const script = join(dir, 'ck.fish');
    writeFileSync(script, (await runCli(['completion', 'fish'], {})).stdout);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C'${line}'`, script], {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', HOME: dir },
      });
    assert.match(complete('clawkeeper pas'), /^paste-token\t/m);
    assert.match(complete('clawkeeper status --'), /^--json$/m);
  });

  it('packs as an npm package with the bin and the CLI bundle only, which runs from the tarball', () => {
    const npm = (args: string[]) => execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8' });
    const [packed] = JSON.parse(
      npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir]),
    ) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    assert.ok(packed !== undefined);
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['bin/clawkeeper.mjs', 'dist/cli.mjs', 'package.json', 'README.md'])
      assert.ok(files.includes(f), `${f} is packed`);
    assert.deepEqual(
      files.filter((f) => /^(main|test|renderer|scripts)\/|^dist\/(preload|renderer)|\.map$/.test(f)),
      [],
      'no sources, tests, window bundles or source maps (npm always packs `main`, dist/main.cjs)',
    );
    execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir]);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'package', 'node_modules'));
    const v = execFileSync(process.execPath, [join(dir, 'package/bin/clawkeeper.mjs'), '--version'], {
      encoding: 'utf8',
    });
    assert.match(v, /^\d+\.\d+\.\d+\n$/);
    // a command's code is a chunk of its own (dist/cli-chunks/), loaded when it runs: it must be packed
    assert.ok(
      files.some((f) => /^dist\/cli-chunks\/status-[\w-]+\.mjs$/.test(f)),
      'the status chunk is packed',
    );
    const status = spawnSync(
      process.execPath,
      [join(dir, 'package/bin/clawkeeper.mjs'), 'status', '--json'],
      {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', HOME: join(dir, 'home') },
      },
    );
    assert.equal(status.stderr, '');
    assert.equal((JSON.parse(status.stdout) as { schema: string }).schema, 'clawkeeper.status/1');
  });
});

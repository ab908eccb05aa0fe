import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { guiPath, mergePath, readLoginShellPath } from '../../../main/adapters/node/login-shell-path.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { cmdArgument, spawnPlan } from '../../../main/adapters/node/spawn-plan.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ck-spawn-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** An executable script in the temp dir. */
function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  chmodSync(p, 0o755);
  return p;
}

describe('spawning on Windows (npm .cmd shims, CVE-2024-27980)', () => {
  it('runs .cmd and .bat through cmd.exe /d /s /c with verbatim arguments; .exe and POSIX as they are', () => {
    const plan = spawnPlan(
      'C:\\npm\\openclaw.cmd',
      ['models', 'status', '--json'],
      'win32',
      'C:\\Windows\\cmd.exe',
    );
    assert.equal(plan.file, 'C:\\Windows\\cmd.exe');
    assert.deepEqual(plan.args.slice(0, 3), ['/d', '/s', '/c']);
    assert.equal(plan.args[3], '"C:\\npm\\openclaw.cmd ^^^"models^^^" ^^^"status^^^" ^^^"--json^^^""');
    assert.equal(plan.windowsVerbatimArguments, true);
    assert.equal(spawnPlan('C:\\x\\claude.BAT', [], 'win32').file, 'cmd.exe');
    assert.deepEqual(spawnPlan('C:\\x\\claude.exe', ['-v'], 'win32'), {
      file: 'C:\\x\\claude.exe',
      args: ['-v'],
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(spawnPlan('/usr/bin/openclaw.cmd', ['a b'], 'linux').args, ['a b']);
  });

  it('escapes what cmd.exe would interpret: & | < > ^ % ! quotes and spaces stay one argument', () => {
    assert.equal(cmdArgument('a&b'), '^^^"a^^^&b^^^"');
    assert.equal(cmdArgument('%PATH%'), '^^^"^^^%PATH^^^%^^^"');
    assert.equal(cmdArgument('say "hi"'), '^^^"say^^^ \\^^^"hi\\^^^"^^^"');
    assert.equal(cmdArgument('C:\\dir\\'), '^^^"C:\\dir\\\\^^^"');
  });

  it('finds an extension-less name through PATHEXT (claude → claude.cmd) and hands cmd.exe the whole line', async () => {
    // a stand-in for cmd.exe prints the argv it got; the shim it would run is found on PATH
    const comSpec = script('cmd-standin', '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    const shim = script('claude.cmd', '@echo off\n');
    const runner = new NodeProcessRunner('win32');
    assert.equal(await runner.which('claude', dir, '.COM;.EXE;.CMD'), shim);
    assert.equal(await runner.which('claude', dir, '.COM;.EXE'), null);
    const r = await runner.run('claude', ['--version'], {
      env: { PATH: dir, PATHEXT: '.EXE;.CMD', ComSpec: comSpec },
      timeoutMs: 5000,
    });
    assert.equal(r.spawnError, null);
    assert.deepEqual(r.stdout.trim().split('\n'), ['/d', '/s', '/c', `"${shim} ^^^"--version^^^""`]);
  });
});

describe('PATH of an app started from Finder (macOS): the login shell is asked once, with a timeout', () => {
  it('reads the PATH the login shell prints between markers, ignoring what the profile prints', async () => {
    const shell = script(
      'login-sh',
      '#!/bin/sh\necho "welcome banner"\nPATH=/opt/homebrew/bin:/usr/bin; export PATH\nexec /bin/sh -c "$2"\n',
    );
    const path = await readLoginShellPath(new NodeProcessRunner(), shell, {});
    assert.equal(path, '/opt/homebrew/bin:/usr/bin');
  });

  it('gives up after the timeout and keeps the inherited PATH', async () => {
    const slow = script('slow-sh', '#!/bin/sh\nexec sleep 30\n');
    const p = await guiPath({
      platform: 'darwin',
      runner: new NodeProcessRunner(),
      env: { SHELL: slow, PATH: '/usr/bin:/bin' },
      timeoutMs: 200,
    });
    assert.equal(p, '/usr/bin:/bin');
  });

  it('on macOS puts the login shell entries first, runs the shell once; elsewhere keeps PATH', async () => {
    const count = join(dir, 'count');
    const shell = script(
      'counting-sh',
      `#!/bin/sh\necho x >> "${count}"\nPATH=/Users/ada/.nvm/bin:/usr/bin; export PATH\nexec /bin/sh -c "$2"\n`,
    );
    const env = { SHELL: shell, PATH: '/usr/bin:/bin:/usr/sbin:/sbin' };
    const runner = new NodeProcessRunner();
    const first = await guiPath({ platform: 'darwin', runner, env });
    const second = await guiPath({ platform: 'darwin', runner, env });
    assert.equal(first, '/Users/ada/.nvm/bin:/usr/bin:/bin:/usr/sbin:/sbin');
    assert.equal(second, first);
    assert.equal(readFileSync(count, 'utf8'), 'x\n', 'the login shell ran once');
    assert.equal(await guiPath({ platform: 'linux', runner, env }), env.PATH);
    assert.equal(mergePath('/a:/b', '/b:/c'), '/a:/b:/c');
  });
});

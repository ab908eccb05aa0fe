import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkSshWords,
  parseSshCommand,
  sshArgv,
  validateDestination,
} from '../../../main/adapters/ssh/ssh-command.ts';
import { classifySshFailure, firstErrorLine } from '../../../main/adapters/ssh/ssh-errors.ts';

const OPTS = {
  command: ['ssh'],
  connectTimeoutSeconds: 7,
  reuse: true,
  persistSeconds: 90,
  controlDir: '/d',
};

describe('ssh destinations', () => {
  for (const ok of [
    'ada@vps.example.com',
    'vps',
    'ssh://ada@10.0.0.2:2222',
    'ssh://host',
    'root@[::1]',
    'my_alias.1',
  ])
    it(`accepts ${ok}`, () => assert.equal(validateDestination(ok), null));
  for (const bad of [
    '-oProxyCommand=touch /tmp/x',
    '',
    'a b',
    'host;rm',
    "o'neil@h",
    'http://x',
    'ssh://h:99999',
    '$(id)@h',
    'h\n',
  ])
    it(`refuses ${JSON.stringify(bad)}`, () => assert.notEqual(validateDestination(bad), null));
});

describe('the ssh command line', () => {
  it('forces BatchMode and strict host key checking before the user options, so ssh keeps them', () => {
    const { bin, args } = sshArgv(
      { ...OPTS, command: ['ssh', '-F', '/c', '-o', 'ConnectTimeout=3'] },
      'vps',
      'true',
    );
    assert.equal(bin, 'ssh');
    assert.deepEqual(args.slice(0, 4), ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes']);
    assert.deepEqual(args.slice(4, 8), ['-F', '/c', '-o', 'ConnectTimeout=3']);
    assert.ok(
      args.indexOf('ConnectTimeout=7') > args.indexOf('ConnectTimeout=3'),
      'the user value comes first and wins',
    );
    assert.deepEqual(args.slice(-3), ['--', 'vps', 'true']);
    assert.ok(
      args.includes('ControlMaster=auto') &&
        args.includes('ControlPath=/d/%C') &&
        args.includes('ControlPersist=90'),
    );
  });
  it('quotes a control folder with a space (macOS: Application Support), which ssh would split', () => {
    const { args } = sshArgv(
      { ...OPTS, controlDir: '/Users/ada/Library/Application Support/Clawkeeper/ssh' },
      'vps',
      'true',
    );
    assert.ok(
      args.includes('ControlPath="/Users/ada/Library/Application Support/Clawkeeper/ssh/%C"'),
      args.join(' '),
    );
  });
  it('turns reuse off explicitly', () => {
    const { args } = sshArgv({ ...OPTS, reuse: false }, 'vps', 'true');
    assert.ok(args.includes('ControlMaster=no') && args.includes('ControlPath=none'));
  });
  it('parses CLAWKEEPER_SSH like a shell and refuses shell syntax', () => {
    assert.deepEqual(parseSshCommand(`ssh -i "$HOME/my key" -p 22`, { HOME: '/h' }), [
      'ssh',
      '-i',
      '/h/my key',
      '-p',
      '22',
    ]);
    assert.throws(() => parseSshCommand('ssh; rm -rf /', {}), /without pipes/);
    assert.throws(() => parseSshCommand('', {}), /empty/);
  });
  for (const off of [
    ['-o', 'StrictHostKeyChecking=no'],
    ['-oStrictHostKeyChecking=off'],
    ['-o', 'StrictHostKeyChecking no'],
  ])
    it(`refuses ${off.join(' ')}`, () =>
      assert.throws(() => checkSshWords(['ssh', ...off]), /never connects without checking/));
});

describe('ssh failures', () => {
  const ctx = {
    name: 'vps',
    manual: 'ssh vps',
    reproduce: 'ssh -o BatchMode=yes -o ControlPath=/d/%C -T -- vps true',
    timeoutSeconds: 10,
  };
  const run = (stderr: string, code: number | null = 255) => ({
    code,
    stderr,
    timedOut: false,
    spawnError: null,
  });
  it('a changed host key names the ssh-keygen command ssh printed', () => {
    const f = classifySshFailure(
      run(
        '@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@\nOffending ED25519 key in /k/known_hosts:1\n  remove with:\n  ssh-keygen -f "/k/known_hosts" -R "[127.0.0.1]:2222"\nHost key verification failed.\n',
      ),
      ctx,
    );
    assert.equal(f?.kind, 'host-key-changed');
    assert.match(f?.hint ?? '', /ssh-keygen -f '\/k\/known_hosts' -R '\[127\.0\.0\.1\]:2222'/);
  });
  it('an unknown key, refused logins, refused connections and timeouts each say what to do', () => {
    assert.equal(
      classifySshFailure(
        run(
          'No ED25519 host key is known for x and you have requested strict checking.\nHost key verification failed.\n',
        ),
        ctx,
      )?.kind,
      'host-key-unknown',
    );
    assert.equal(
      classifySshFailure(run('root@x: Permission denied (publickey).\n'), ctx)?.kind,
      'auth-failed',
    );
    assert.equal(
      classifySshFailure(run('ssh: connect to host x port 22: Connection refused\n'), ctx)?.kind,
      'unreachable',
    );
    const slow = classifySshFailure({ code: null, stderr: '', timedOut: true, spawnError: null }, ctx);
    assert.equal(slow?.kind, 'timeout');
    assert.equal(slow?.message, 'vps did not answer within 10 s');
    // ssh's own ConnectTimeout: the message names that limit, not the command's
    const connect = classifySshFailure(run('ssh: connect to host 10.0.0.9 port 22: Connection timed out\n'), {
      ...ctx,
      timeoutSeconds: 60,
      connectTimeoutSeconds: 10,
    });
    assert.equal(connect?.kind, 'timeout');
    assert.equal(
      connect?.message,
      'could not connect to vps within 10 s: ssh: connect to host 10.0.0.9 port 22: Connection timed out',
    );
    assert.match(connect?.hint ?? '', /ssh\.connectTimeoutSeconds/);
    assert.equal(
      classifySshFailure({ code: null, stderr: '', timedOut: false, spawnError: 'ENOENT' }, ctx)?.kind,
      'ssh-missing',
    );
  });
  it('a remote command that fails is not an ssh failure', () => {
    assert.equal(classifySshFailure(run('clawkeeper: refused\n', 1), ctx), null);
    assert.equal(classifySshFailure(run('', 255), ctx), null);
    // the remote command printed before it exited 255: it ran, so ssh did not fail
    assert.equal(classifySshFailure({ ...run('odd\n', 255), stdout: '@@clawkeeper node v22\n' }, ctx), null);
  });
  it("any other ssh failure shows ssh's own first error line and the command that reproduces it", () => {
    const f = classifySshFailure(
      {
        ...run(
          "ControlPath too long ('/Users/ada-lovelace/Library/Application Support/Clawkeeper/ssh/7ac092d2e0299bea49c791dd4e09a855e8fe8f39' >= 104 bytes)\nsecond line\n",
        ),
        stdout: '',
      },
      ctx,
    );
    assert.equal(f?.kind, 'failed');
    assert.match(f?.message ?? '', /^ssh failed for vps: ControlPath too long \('\/Users\/ada-lovelace/);
    assert.doesNotMatch(f?.message ?? '', /second line|POSIX/);
    assert.equal(f?.hint, `reproduce it: \`${ctx.reproduce}\``);
    assert.equal(f?.reproduce, ctx.reproduce);
    // every failure carries it, the classified ones too
    assert.equal(
      classifySshFailure(run('ssh: connect to host x port 22: Connection refused\n'), ctx)?.reproduce,
      ctx.reproduce,
    );
  });
  it('the first error line skips the host-key banner and the "Permanently added" note', () => {
    assert.equal(
      firstErrorLine(
        "@@@@\n@ WARNING @\nWarning: Permanently added 'x' (ED25519) to the list of known hosts.\nreal one\nlast\n",
      ),
      'real one',
    );
  });
});

import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chooseControlDir, socketFits, socketLimit } from '../../../main/adapters/ssh/control-dir.ts';
import { NodePathTrust } from '../../../main/adapters/node/trust.ts';

const asRoot = process.getuid?.() === 0;
let base = '';
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'ck-ctl-'));
});
after(() => rm(base, { recursive: true, force: true }));

/** A shared temp folder like /tmp: root's, sticky, world-writable. */
async function sharedTmp(name: string): Promise<string> {
  const t = join(base, name);
  await mkdir(t);
  await chmod(t, 0o1777);
  return t;
}

describe('the folder for ssh control sockets', () => {
  it("fits the socket limit with ssh's 40-character %C and its 17-character temporary suffix", () => {
    assert.equal(socketLimit('linux'), 108);
    assert.equal(socketLimit('darwin'), 104);
    assert.equal(socketFits('/' + 'a'.repeat(48), 'linux'), true); // 49 + 1 + 40 + 17 + 1 = 108
    assert.equal(socketFits('/' + 'a'.repeat(49), 'linux'), false);
    assert.equal(socketFits('/' + 'a'.repeat(44), 'darwin'), true);
    assert.equal(socketFits('/' + 'a'.repeat(45), 'darwin'), false);
  });

  it('is off on Windows, whose OpenSSH has no ControlMaster, and says so', async () => {
    const c = await chooseControlDir({
      platform: 'win32',
      vars: {},
      dataDir: 'C:\\x',
      trust: new NodePathTrust(null),
    });
    assert.equal(c.dir, null);
    assert.match(c.why ?? '', /Windows' OpenSSH has no connection reuse/);
  });

  it('prefers $XDG_RUNTIME_DIR/clawkeeper-ssh, made 0700', { skip: !asRoot && 'needs root' }, async () => {
    const xdg = join(base, 'run');
    await mkdir(xdg, { mode: 0o700 });
    const c = await chooseControlDir({
      platform: 'linux',
      vars: { XDG_RUNTIME_DIR: xdg },
      dataDir: join(base, 'data'),
      trust: new NodePathTrust(),
      tmp: await sharedTmp('t1'),
    });
    assert.deepEqual(c, { dir: join(xdg, 'clawkeeper-ssh'), why: null });
    assert.equal((await stat(c.dir)).mode & 0o777, 0o700);
  });

  it(
    'skips a runtime folder of another user and a data folder too long for a socket; a name in the shared temp folder taken by another user is never used',
    { skip: !asRoot && 'needs root' },
    async () => {
      const xdg = join(base, 'their-run');
      await mkdir(xdg, { mode: 0o700 });
      await chown(xdg, 4242, 4242);
      const tmp = await sharedTmp('t2');
      const taken = join(tmp, 'clawkeeper-ssh-0');
      await mkdir(taken, { mode: 0o777 });
      await chown(taken, 4242, 4242);
      const c = await chooseControlDir({
        platform: 'linux',
        vars: { XDG_RUNTIME_DIR: xdg },
        dataDir: join(base, 'a'.repeat(60)),
        trust: new NodePathTrust(),
        tmp,
      });
      assert.ok(c.dir !== null && c.dir.startsWith(join(tmp, 'ck-ssh-')), String(c.dir));
      assert.notEqual(c.dir, taken);
      const s = await stat(c.dir);
      assert.deepEqual([s.uid, s.mode & 0o777], [0, 0o700]);
      // a link planted under the predictable name is not followed either
      const tmp3 = await sharedTmp('t3');
      await symlink(xdg, join(tmp3, 'clawkeeper-ssh-0'));
      const d = await chooseControlDir({
        platform: 'linux',
        vars: {},
        dataDir: join(base, 'b'.repeat(60)),
        trust: new NodePathTrust(),
        tmp: tmp3,
      });
      assert.ok(d.dir?.startsWith(join(tmp3, 'ck-ssh-')), String(d.dir));
    },
  );

  it('turns reuse off, saying why, when no private folder is short enough', async () => {
    const long = join(base, 'c'.repeat(70));
    await mkdir(long, { recursive: true });
    const c = await chooseControlDir({
      platform: 'darwin',
      vars: {},
      dataDir: join(long, 'data'),
      trust: new NodePathTrust(),
      tmp: long,
    });
    assert.equal(c.dir, null);
    assert.match(c.why ?? '', /no private folder short enough .*104-byte limit/);
    assert.ok(basename(long).length > 0);
  });
});

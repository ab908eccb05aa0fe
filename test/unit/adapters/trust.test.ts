import assert from 'node:assert/strict';
import { chmod, chown, lchown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodePathTrust } from '../../../main/adapters/node/trust.ts';
import { describeTrustProblem, trustFix, type TrustVerdict } from '../../../main/core/kernel/trust.ts';

// The rule is about owners: as root (CI) files can be given any owner, so "another user" is a
// uid nobody else uses here; the checker is told which uid it protects.
const asRoot = process.getuid?.() === 0;
const OTHER = 4242;
let base = '';

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'ck-trust-'));
});
after(() => rm(base, { recursive: true, force: true }));

const problemOf = (v: TrustVerdict) => (v.trusted ? null : v.problem);

describe(
  'the trust rule on the real file system',
  { skip: !asRoot && 'needs root to give files other owners' },
  () => {
    const me = new NodePathTrust(0);

    it('trusts a file of the user in folders of the user or root under the sticky /tmp', async () => {
      const dir = join(base, 'ok');
      await mkdir(dir, { mode: 0o700 });
      await writeFile(join(dir, 'settings.json'), '{}', { mode: 0o600 });
      assert.deepEqual(await me.check(join(dir, 'settings.json'), 'file'), {
        trusted: true,
        path: join(dir, 'settings.json'),
        exists: true,
      });
      // a name not there yet, in a folder that keeps others out: safe to create
      const missing = await me.check(join(dir, 'later', 'x.json'), 'file');
      assert.equal(missing.trusted, true);
      assert.equal(missing.trusted && missing.exists, false);
    });

    it('refuses a file others can write, and says the chmod that fixes it', async () => {
      const f = join(base, 'loose.json');
      const dir = join(base, 'l');
      await mkdir(dir, { mode: 0o700 });
      await writeFile(join(dir, 'loose.json'), '{}');
      await chmod(join(dir, 'loose.json'), 0o620);
      const p = problemOf(await me.check(join(dir, 'loose.json'), 'file'));
      assert.equal(p?.kind, 'writable');
      assert.match(trustFix(p, 0), /chmod 0600 .*loose\.json/);
      assert.ok(f);
    });

    it('refuses a file of another user, a link to one, and a link that belongs to another user', async () => {
      const dir = join(base, 'o');
      await mkdir(dir, { mode: 0o700 });
      await writeFile(join(dir, 'theirs.json'), '{}', { mode: 0o600 });
      await chown(join(dir, 'theirs.json'), OTHER, OTHER);
      assert.equal(problemOf(await me.check(join(dir, 'theirs.json'), 'file'))?.kind, 'foreign-owner');
      await symlink(join(dir, 'theirs.json'), join(dir, 'link.json'));
      const viaLink = problemOf(await me.check(join(dir, 'link.json'), 'file'));
      assert.deepEqual(viaLink && { kind: viaLink.kind, path: viaLink.path }, {
        kind: 'foreign-owner',
        path: join(dir, 'theirs.json'),
      });
      await writeFile(join(dir, 'mine.json'), '{}', { mode: 0o600 });
      await symlink('mine.json', join(dir, 'their-link.json'));
      await lchown(join(dir, 'their-link.json'), OTHER, OTHER);
      const p = problemOf(await me.check(join(dir, 'their-link.json'), 'file'));
      assert.equal(p?.kind, 'foreign-owner');
      assert.match(describeTrustProblem(p), /is a link that belongs to another user \(uid 4242\)/);
      // the same link target reached through a link of our own is fine
      await symlink('mine.json', join(dir, 'my-link.json'));
      assert.equal((await me.check(join(dir, 'my-link.json'), 'file')).trusted, true);
    });

    it('refuses anything under a folder others can write, a folder of another user, or a folder link to one', async () => {
      const open = join(base, 'open');
      await mkdir(join(open, 'sub'), { recursive: true });
      await chmod(open, 0o777);
      await writeFile(join(open, 'sub', 'f.json'), '{}', { mode: 0o600 });
      const p = problemOf(await me.check(join(open, 'sub', 'f.json'), 'file'));
      assert.deepEqual(p && [p.kind, p.path], ['loose-parent', open]);
      // even a name not there yet: another user could make it first
      assert.equal(problemOf(await me.check(join(open, 'new.json'), 'file'))?.kind, 'loose-parent');
      const group = join(base, 'group');
      await mkdir(group, { mode: 0o770 });
      await chmod(group, 0o770);
      await writeFile(join(group, 'f.json'), '{}', { mode: 0o600 });
      assert.equal(problemOf(await me.check(join(group, 'f.json'), 'file'))?.kind, 'loose-parent');
      const theirs = join(base, 'theirs');
      await mkdir(theirs, { mode: 0o755 });
      await writeFile(join(theirs, 'f.json'), '{}', { mode: 0o600 });
      await chown(theirs, OTHER, OTHER);
      assert.equal(problemOf(await me.check(join(theirs, 'f.json'), 'file'))?.kind, 'foreign-owner');
      await symlink(theirs, join(base, 'dir-link'));
      assert.equal(
        problemOf(await me.check(join(base, 'dir-link', 'f.json'), 'file'))?.kind,
        'foreign-owner',
      );
    });

    it('crosses a sticky world-writable folder only into a folder of the user or root', async () => {
      const sticky = join(base, 'sticky');
      await mkdir(sticky);
      await chmod(sticky, 0o1777);
      await writeFile(join(sticky, 'direct.json'), '{}', { mode: 0o600 });
      // a file right in /tmp-like folders: never trusted
      assert.equal(problemOf(await me.check(join(sticky, 'direct.json'), 'file'))?.kind, 'loose-parent');
      await mkdir(join(sticky, 'mine'), { mode: 0o700 });
      await writeFile(join(sticky, 'mine', 'f.json'), '{}', { mode: 0o600 });
      assert.equal((await me.check(join(sticky, 'mine', 'f.json'), 'file')).trusted, true);
      assert.equal((await me.check(join(sticky, 'mine'), 'dir')).trusted, true);
      // the sticky folder itself is no trusted folder
      assert.equal(problemOf(await me.check(sticky, 'dir'))?.kind, 'writable');
      await mkdir(join(sticky, 'planted'), { mode: 0o700 });
      await chown(join(sticky, 'planted'), OTHER, OTHER);
      assert.equal(problemOf(await me.check(join(sticky, 'planted'), 'dir'))?.kind, 'foreign-owner');
      // a sticky folder of another user is theirs to rearrange
      const theirSticky = join(base, 'their-sticky');
      await mkdir(join(theirSticky, 'mine'), { recursive: true });
      await chmod(theirSticky, 0o1777);
      await chown(theirSticky, OTHER, OTHER);
      assert.equal(problemOf(await me.check(join(theirSticky, 'mine'), 'dir'))?.kind, 'foreign-owner');
    });

    it('says what is wrong with a FIFO, a link loop and a folder where a file should be', async () => {
      const dir = join(base, 'odd');
      await mkdir(dir, { mode: 0o700 });
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      assert.equal(problemOf(await me.check(join(dir, 'fifo'), 'file'))?.kind, 'wrong-type');
      await symlink('b', join(dir, 'a'));
      await symlink('a', join(dir, 'b'));
      assert.equal(problemOf(await me.check(join(dir, 'a'), 'file'))?.kind, 'too-many-links');
      assert.equal(problemOf(await me.check(dir, 'file'))?.kind, 'wrong-type');
      // a relative link through `..` is walked like any other path
      await mkdir(join(dir, 'x'), { mode: 0o700 });
      await writeFile(join(dir, 'real.json'), '{}', { mode: 0o600 });
      await symlink('../real.json', join(dir, 'x', 'up.json'));
      assert.equal((await me.check(join(dir, 'x', 'up.json'), 'file')).trusted, true);
    });

    it('for a user other than root, root-owned folders are fine but a root-owned loose one is for root to fix', async () => {
      const user = new NodePathTrust(1234);
      const dir = join(base, 'u');
      await mkdir(dir, { mode: 0o755 });
      await chown(dir, 1234, 1234);
      await writeFile(join(dir, 'f.json'), '{}', { mode: 0o600 });
      await chown(join(dir, 'f.json'), 1234, 1234);
      assert.equal((await user.check(join(dir, 'f.json'), 'file')).trusted, true);
      await writeFile(join(dir, 'root.json'), '{}', { mode: 0o644 });
      assert.equal((await user.check(join(dir, 'root.json'), 'file')).trusted, true);
      await chmod(join(dir, 'root.json'), 0o666);
      const p = problemOf(await user.check(join(dir, 'root.json'), 'file'));
      assert.equal(p?.kind, 'writable');
      assert.match(trustFix(p, 1234), /sudo chmod go-w/);
      // and root does not trust the user's file
      assert.equal(problemOf(await me.check(join(dir, 'f.json'), 'file'))?.kind, 'foreign-owner');
    });
  },
);

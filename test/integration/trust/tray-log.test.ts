/**
 * The tray app's log behind the trust boundary: a second real local user (useradd) plants links,
 * files and folders where the tray writes `main.log`, and the tray's logger (the plain-Node part of
 * the Electron entry) neither writes nor chmods through them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  lchown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTrayLogger } from '../../../main/adapters/node/tray-logger.ts';
import { useradd, type LabUser } from '../../helpers/attack-lab.ts';
import { access } from '../../helpers/fixture-home.ts';

const isRoot = process.getuid?.() === 0;

describe('the tray log against another local user', { skip: !isRoot && 'needs root (as CI runs)' }, () => {
  let attacker: LabUser;
  let base: string;
  const token = access('tray-log');
  const problems: string[] = [];
  let n = 0;

  before(async () => {
    attacker = useradd(`ckt${randomBytes(3).toString('hex')}`);
    base = await mkdtemp(join(tmpdir(), 'ck-tray-log-'));
  });
  after(async () => {
    await rm(base, { recursive: true, force: true });
    spawnSync('userdel', ['--force', attacker.name]);
  });

  /** A home of the victim (this process) with `.profile`, and where Electron puts the tray's logs. */
  async function home() {
    const h = join(base, `h${++n}`);
    await mkdir(h, { mode: 0o755 });
    const profile = join(h, '.profile');
    await writeFile(profile, 'export PATH=$HOME/bin:$PATH\n', { mode: 0o644 });
    await chmod(profile, 0o644);
    return { h, profile, logs: join(h, '.config', 'Clawkeeper', 'logs') };
  }

  async function log(logsDir: string) {
    const tray = await createTrayLogger(logsDir, { console: false, onProblem: (m) => problems.push(m) });
    tray.logger.info(`tray started with ${token}`, { accessToken: token });
    tray.logger.warn(`a line with Bearer ${token}`);
    return tray;
  }

  async function attackerOwns(path: string, mode: number) {
    await chmod(path, mode);
    await chown(path, attacker.uid, attacker.gid);
  }

  it('a fresh log folder is made private and main.log is 0600, redacted, with the lines', async () => {
    const { logs } = await home();
    const tray = await log(logs);
    assert.equal(tray.refused, null);
    assert.equal((await stat(logs)).mode & 0o777, 0o700);
    const text = await readFile(join(logs, 'main.log'), 'utf8');
    assert.match(text, /\[info\] tray started with /);
    assert.match(text, /\[warn\] a line with Bearer /);
    assert.ok(!text.includes(token.slice(13)), 'no token in the log');
    assert.equal((await stat(join(logs, 'main.log'))).mode & 0o777, 0o600);
  });

  it("main.log planted as a link to the victim's ~/.profile: moved aside, .profile neither appended nor chmodded", async () => {
    const { profile, logs } = await home();
    await mkdir(logs, { recursive: true, mode: 0o700 });
    await symlink(profile, join(logs, 'main.log'));
    await lchown(join(logs, 'main.log'), attacker.uid, attacker.gid);
    await log(logs);
    assert.equal(await readFile(profile, 'utf8'), 'export PATH=$HOME/bin:$PATH\n');
    assert.equal((await stat(profile)).mode & 0o777, 0o644);
    const s = await lstat(join(logs, 'main.log'));
    assert.ok(s.isFile() && s.uid === 0, 'main.log is a file of the victim now');
    assert.ok((await readdir(logs)).some((f) => f.startsWith('main.log.untrusted-')));
  });

  it('main.log owned by the attacker (0666): moved aside unchanged, never written or chmodded', async () => {
    const { logs } = await home();
    await mkdir(logs, { recursive: true, mode: 0o700 });
    await writeFile(join(logs, 'main.log'), 'theirs\n');
    await attackerOwns(join(logs, 'main.log'), 0o666);
    await log(logs);
    const aside = (await readdir(logs)).find((f) => f.startsWith('main.log.untrusted-'));
    assert.ok(aside, 'moved aside');
    assert.equal(await readFile(join(logs, aside), 'utf8'), 'theirs\n');
    assert.equal((await stat(join(logs, aside))).mode & 0o777, 0o666);
    assert.equal((await stat(join(logs, 'main.log'))).uid, 0);
  });

  it("a log folder of the victim's left 0777 with the attacker's link in it: tightened to 0700, the link moved aside", async () => {
    const { profile, logs } = await home();
    await mkdir(logs, { recursive: true });
    await chmod(logs, 0o777);
    await symlink(profile, join(logs, 'main.log'));
    await lchown(join(logs, 'main.log'), attacker.uid, attacker.gid);
    const tray = await log(logs);
    assert.equal(tray.refused, null);
    assert.ok(
      tray.notes.some((l) => l.includes('tightened to 0700')),
      tray.notes.join('\n'),
    );
    assert.equal((await stat(logs)).mode & 0o777, 0o700);
    assert.equal(await readFile(profile, 'utf8'), 'export PATH=$HOME/bin:$PATH\n');
    assert.match(await readFile(join(logs, 'main.log'), 'utf8'), /tray started/);
  });

  it('a log folder made by the attacker: refused, nothing written there, the note gives the fix', async () => {
    const { logs } = await home();
    await mkdir(logs, { recursive: true });
    await attackerOwns(logs, 0o777);
    const tray = await log(logs);
    assert.equal(tray.refused?.kind, 'foreign-owner');
    assert.deepEqual(await readdir(logs), []);
    assert.equal((await stat(logs)).mode & 0o777, 0o777, 'not chmodded');
    assert.ok(
      tray.notes.some((l) => /is not used: .*belongs to another user.*Fix: /.test(l)),
      tray.notes.join('\n'),
    );
  });

  it("the log folder a link to the attacker's folder: refused, nothing written through it", async () => {
    const { h, logs } = await home();
    const theirs = join(base, `theirs${n}`);
    await mkdir(theirs, { mode: 0o777 });
    await attackerOwns(theirs, 0o777);
    await mkdir(join(h, '.config', 'Clawkeeper'), { recursive: true });
    await symlink(theirs, logs);
    await lchown(logs, attacker.uid, attacker.gid);
    const tray = await log(logs);
    assert.notEqual(tray.refused, null);
    assert.deepEqual(await readdir(theirs), []);
  });

  it('a folder above the log folder writable by others (not sticky): refused, nothing written', async () => {
    const { h, logs } = await home();
    await mkdir(logs, { recursive: true, mode: 0o700 });
    await chmod(join(h, '.config'), 0o777);
    const tray = await log(logs);
    assert.equal(tray.refused?.kind, 'loose-parent');
    assert.deepEqual(await readdir(logs), []);
    const note = tray.notes.find((l) => l.includes(join(h, '.config')));
    // the fix is the command alone: `doctor` does not look at the tray's log folder
    assert.match(note ?? '', new RegExp(`Fix: chmod 0755 '${join(h, '.config')}'$`), tray.notes.join('\n'));
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ROOT } from '../../helpers/app-harness.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ck-feed-'));
  dirs.push(d);
  return d;
};

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

/** A file and the feed electron-builder writes for it (updateInfoBuilder's shape). */
function release(dir: string, file: string, url = file, feed = 'latest.yml') {
  const bytes = Buffer.from(`installer ${file}`);
  writeFileSync(join(dir, file), bytes);
  writeFileSync(
    join(dir, feed),
    yaml.dump({
      version: '0.1.0',
      files: [{ url, sha512: sha512(bytes), size: bytes.length }],
      path: url,
      sha512: sha512(bytes),
      releaseDate: '2026-12-07T18:00:00.000Z',
    }),
  );
}

const verify = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/verify-release-feed.mjs'), ...args], {
    encoding: 'utf8',
  });

describe('scripts/verify-release-feed.mjs: every feed url names an uploaded asset', () => {
  it('passes a feed whose url is the file, before and after the upload', () => {
    const d = temp();
    release(d, 'Clawkeeper-Setup-0.1.0.exe');
    const r = verify(d);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ok latest\.yml -> Clawkeeper-Setup-0\.1\.0\.exe/);
    const stored = join(temp(), 'assets.txt');
    writeFileSync(stored, 'Clawkeeper-Setup-0.1.0.exe\nlatest.yml\n');
    assert.equal(verify(d, '--assets', stored).status, 0);
  });

  it("refuses electron-builder's default NSIS name: a spaced file, a dashed url, a dotted asset (the 404 of every Windows update)", () => {
    const d = temp();
    release(d, 'Clawkeeper Setup 0.1.0.exe', 'Clawkeeper-Setup-0.1.0.exe');
    const r = verify(d);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /"Clawkeeper Setup 0\.1\.0\.exe": GitHub would store this file under another name/,
    );
    assert.match(r.stderr, /url "Clawkeeper-Setup-0\.1\.0\.exe" names no file being uploaded/);
    // after the upload: GitHub stored the spaced name with dots
    const fixed = temp();
    release(fixed, 'Clawkeeper-Setup-0.1.0.exe');
    const stored = join(temp(), 'assets.txt');
    writeFileSync(stored, 'Clawkeeper.Setup.0.1.0.exe\nlatest.yml\n');
    const after = verify(fixed, '--assets', stored);
    assert.equal(after.status, 1);
    assert.match(
      after.stderr,
      /names no uploaded asset \(GitHub has: Clawkeeper\.Setup\.0\.1\.0\.exe, latest\.yml\)/,
    );
  });

  it('refuses a feed whose file is from another build (sha512 or size differ)', () => {
    const d = temp();
    release(d, 'clawkeeper_0.1.0_amd64.deb', undefined, 'latest-linux.yml');
    writeFileSync(join(d, 'clawkeeper_0.1.0_amd64.deb'), 'rebuilt');
    const r = verify(d);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /does not match its sha512/);
    assert.match(r.stderr, /is 7 bytes, the feed says/);
  });

  it('refuses a Mac feed unless the Mac apps were signed with a Developer ID', () => {
    const d = temp();
    release(d, 'Clawkeeper-0.1.0-arm64-mac.zip', undefined, 'latest-mac.yml');
    const r = verify(d);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /latest-mac\.yml is present but the Mac apps were not signed/);
    mkdirSync(join(d, 'signing'));
    writeFileSync(join(d, 'signing', 'mac.json'), JSON.stringify({ signed: false, apps: [] }));
    assert.equal(verify(d).status, 1);
    writeFileSync(join(d, 'signing', 'mac.json'), JSON.stringify({ signed: true, apps: [] }));
    assert.equal(verify(d).status, 0);
  });

  it('says what to do on bad usage (exit 64) and on a folder with no feed (exit 1)', () => {
    assert.equal(verify().status, 64);
    assert.equal(verify('/nonexistent-ck').status, 64);
    const r = verify(temp());
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no latest\*\.yml/);
  });
});

describe(
  'scripts/mac-signing-status.mjs: no update feed for an unsigned Mac build',
  {
    skip: process.platform === 'win32' && 'the codesign stand-in is a shell script',
  },
  () => {
    /** A release folder as electron-builder leaves it on the Mac runner, and a `codesign` on PATH. */
    function macRelease() {
      const d = temp();
      for (const sub of ['mac', 'mac-arm64'])
        mkdirSync(join(d, sub, 'Clawkeeper.app', 'Contents'), { recursive: true });
      writeFileSync(join(d, 'latest-mac.yml'), 'version: 0.1.0\n');
      const bin = temp();
      copyFileSync(join(ROOT, 'test/fakes/codesign-standin.sh'), join(bin, 'codesign'));
      return { d, bin };
    }
    const run = (d: string, bin: string, mode: string) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts/mac-signing-status.mjs'), d], {
        encoding: 'utf8',
        env: { PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`, CK_CODESIGN: mode },
      });
    const marker = (d: string) =>
      JSON.parse(readFileSync(join(d, 'signing', 'mac.json'), 'utf8')) as {
        signed: boolean;
        apps: Array<{ authority: string | null; problem: string | null }>;
      };

    it('keeps the feed of a Developer ID build and records the authority', () => {
      const { d, bin } = macRelease();
      const r = run(d, bin, 'developer-id');
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(join(d, 'latest-mac.yml')));
      const m = marker(d);
      assert.equal(m.signed, true);
      assert.equal(m.apps.length, 2);
      assert.equal(m.apps[0]?.authority, 'Developer ID Application: Clawkeeper Authors (ABCDE12345)');
    });

    for (const mode of ['adhoc', 'unsigned'])
      it(`removes latest-mac.yml of a build that is ${mode === 'adhoc' ? 'signed ad hoc only' : 'not signed'}`, () => {
        const { d, bin } = macRelease();
        const r = run(d, bin, mode);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(existsSync(join(d, 'latest-mac.yml')), false);
        assert.match(r.stdout, /::warning::the Mac build is not signed/);
        assert.equal(marker(d).signed, false);
      });
  },
);

/**
 * Claude Code keeps its login and that login's locks in `CLAUDE_SECURESTORAGE_CONFIG_DIR` when it
 * is set (2.1.197 and 2.1.332, read from the binaries: test/interop/FINDINGS.md). The refresher
 * takes the locks there, reads and writes the login there, and the keeper watches that folder.
 * A real process holds the locks the way Claude Code does (test/fakes/claude-lock-holder.mjs).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { keeperFor } from '../../helpers/keeper-harness.ts';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';

const HOLDER = fileURLToPath(new URL('../../fakes/claude-lock-holder.mjs', import.meta.url));
const fake = new FakeTokenEndpoint();
let url: string;
const homes: FixtureHome[] = [];
const children: ChildProcess[] = [];
before(async () => {
  url = await fake.start();
});
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function hold(dir: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, [HOLDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  await new Promise<void>((resolve, reject) => {
    c.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    c.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return c;
}

const stop = (c: ChildProcess) =>
  new Promise<void>((r) => {
    c.on('exit', () => r());
    c.kill('SIGTERM');
  });

interface Creds {
  claudeAiOauth: { accessToken: string; refreshToken: string; expiresAt: number };
}

describe('CLAUDE_SECURESTORAGE_CONFIG_DIR', () => {
  it("the refresher waits for Claude Code's locks in that folder and writes the login there", async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const vault = h.path('vault');
    const first = access('ss-1');
    await h.write(
      'vault/.credentials.json',
      claudeCredentials({ access: first, refresh: fake.issue(), expiresAt: Date.now() + 10 * 60_000 }),
    );
    // a config dir of its own, without a login: the login is in the secure-storage folder only
    await h.write('cfg/settings.json', '{}');
    const env = { CLAUDE_CONFIG_DIR: h.path('cfg'), CLAUDE_SECURESTORAGE_CONFIG_DIR: vault };
    const holder = await hold(vault);
    const k = await keeperFor(h, url, { env });
    const before = fake.refreshes;
    await k.keeper.refreshNow();
    assert.equal(fake.refreshes, before, 'Claude Code holds the lock in that folder: nothing is sent');
    assert.match(k.of('refresh-skipped')[0]?.reason ?? '', /refresh lock/);
    assert.equal(existsSync(h.path('cfg/.oauth_refresh.lock')), false, 'no lock taken in the config dir');

    await stop(holder);
    // the next run (a busy lock holds this keeper back for a while, as Claude Code backs off)
    await (await keeperFor(h, url, { env })).keeper.refreshNow();
    assert.equal(fake.refreshes, before + 1, 'the lock is free: one refresh');
    const saved = JSON.parse(await readFile(h.path('vault/.credentials.json'), 'utf8')) as Creds;
    assert.notEqual(saved.claudeAiOauth.accessToken, first);
    assert.ok(saved.claudeAiOauth.expiresAt > Date.now() + 7 * HOUR);
    assert.equal(existsSync(h.path('cfg/.credentials.json')), false, 'nothing written to the config dir');
    assert.equal(existsSync(h.path('vault/.oauth_refresh.lock')), false, 'the locks were released');
    assert.equal(existsSync(h.path('vault/.storage-write.lock')), false);
  });

  it('the running keeper sees a new login written into that folder', { timeout: 30_000 }, async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const vault = h.path('vault');
    await h.write(
      'vault/.credentials.json',
      claudeCredentials({ access: access('ssw-1'), refresh: fake.issue(), expiresAt: Date.now() + 6 * HOUR }),
    );
    const k = await keeperFor(h, url, { env: { CLAUDE_SECURESTORAGE_CONFIG_DIR: vault }, watch: true });
    await k.keeper.start();
    try {
      const second = access('ssw-2');
      await writeFile(
        `${vault}/.credentials.json.new`,
        JSON.stringify(
          claudeCredentials({ access: second, refresh: fake.issue(), expiresAt: Date.now() + 8 * HOUR }),
        ),
        { mode: 0o600 },
      );
      await rename(`${vault}/.credentials.json.new`, `${vault}/.credentials.json`);
      const end = Date.now() + 20_000;
      const seen = () =>
        k.keeper.current()?.credentials.find((c) => c.id === 'claude-code')?.fingerprint ===
        fingerprintOf(second);
      while (!seen() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.ok(seen(), 'the new login was read after a change in the secure-storage folder');
    } finally {
      await k.keeper.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, stat, writeFile, utimes } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { AppError } from '../../../main/core/kernel/errors.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { claudeCredentials, FixtureHome, access } from '../../helpers/fixture-home.ts';
import { BIN, runProcess } from '../../helpers/run-cli.ts';

const STANDIN = fileURLToPath(new URL('../../fakes/claude-standin.mjs', import.meta.url));
const WRITER = fileURLToPath(new URL('../../fakes/atomic-writer-loop.ts', import.meta.url));

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => runProcess(cmd, args, env);

describe('races with real processes', () => {
  const fake = new FakeTokenEndpoint();
  const homes: FixtureHome[] = [];
  before(async () => {
    await fake.start();
  });
  after(async () => {
    await fake.stop();
    await Promise.all(homes.map((h) => h.cleanup()));
  });

  for (let round = 1; round <= 3; round++) {
    it(`round ${round}: four clawkeeper processes and a "Claude Code" refresh one expiring login exactly once`, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const creds = claudeCredentials({
        access: access(`race${round}`),
        refresh: fake.issue(),
        expiresAt: Date.now() + 2 * 60_000,
        extra: { mcpOAuth: { server: { token: 'kept' } } },
      });
      const path = await h.claude(creds);
      const before = { refreshes: fake.refreshes, invalid: fake.invalidGrants };
      const env = h.env({ CLAWKEEPER_TOKEN_URL: fake.url, CLAWKEEPER_DATA_DIR: h.path('data') });
      const procs = [
        ...Array.from({ length: 4 }, () => run(process.execPath, [BIN, 'refresh', '--json'], env)),
        // from round 2 the "Claude Code" is 2.1.332, which writes an owner record beside its lock
        run(process.execPath, [STANDIN, h.path('.claude'), fake.url], {
          ...env,
          STANDIN_OWNER_RECORD: round > 1 ? '1' : '0',
        }),
      ];
      const results = await Promise.all(procs);
      for (const r of results.slice(0, 4))
        assert.ok(r.code === 0, `clawkeeper refresh exited ${r.code}: ${r.stderr}`);
      assert.equal(fake.refreshes - before.refreshes, 1, 'exactly one refresh for this expiry');
      assert.equal(fake.invalidGrants - before.invalid, 0, 'nobody spent a dead refresh token');
      const final = JSON.parse(await readFile(path, 'utf8')) as typeof creds;
      assert.notEqual(final.claudeAiOauth.accessToken, creds.claudeAiOauth.accessToken);
      assert.ok(final.claudeAiOauth.expiresAt > Date.now() + 7 * 3_600_000);
      assert.equal(final.claudeAiOauth.subscriptionType, 'max');
      assert.ok(final.claudeAiOauth.scopes.includes('user:inference'), 'scopes kept');
      assert.deepEqual(final.mcpOAuth, { server: { token: 'kept' } });
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      // every holder removed its own owner record with its lock: none names a lock nobody holds
      await assert.rejects(stat(h.path('.claude/.oauth_refresh.lock.owner')), { code: 'ENOENT' });
      await assert.rejects(stat(h.path('.claude/.oauth_refresh.lock')), { code: 'ENOENT' });
      // and the refreshed login still works: one more refresh with the new refresh token succeeds
      const again = await fetch(fake.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: final.claudeAiOauth.refreshToken,
          client_id: 'x',
        }),
      });
      assert.equal(again.status, 200);
    });
  }

  it('a writer killed with SIGKILL at random moments always leaves one whole version', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const target = h.path('store/auth-profiles.json');
    await mkdir(h.path('store'), { recursive: true });
    const a = JSON.stringify({ version: 1, profiles: { a: { token: 'A'.repeat(200_000) } } });
    const b = JSON.stringify({ version: 1, profiles: { b: { token: 'B'.repeat(150_000) } } });
    await writeFile(target, a);
    await writeFile(h.path('a.json'), a);
    await writeFile(h.path('b.json'), b);
    let kills = 0;
    for (let i = 0; i < 25; i++) {
      const child: ChildProcess = spawn(
        process.execPath,
        ['--import', 'tsx', WRITER, target, h.path('a.json'), h.path('b.json')],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 60));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      kills++;
      const now = await readFile(target, 'utf8');
      assert.ok(now === a || now === b, `after kill ${kills} the file is torn (${now.length} bytes)`);
    }
  });

  it('waits for a live OpenClaw lock, reports it clearly, and takes over a dead one', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const file = h.path('store/auth-profiles.json');
    await mkdir(h.path('store'), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await writeFile(`${file}.lock`, JSON.stringify({ pid: holder.pid, createdAt: new Date().toISOString() }));
    const locks = new NodeLocks();
    const started = Date.now();
    await assert.rejects(
      locks.openclawStore(file, 400),
      (e: unknown) =>
        e instanceof AppError && e.code === 'lock-busy' && e.message.includes(`process ${holder.pid}`),
    );
    assert.ok(Date.now() - started >= 380, 'it waited before giving up');
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('close', r));
    const lock = await locks.openclawStore(file, 400); // dead pid: taken over at once
    const mine = JSON.parse(await readFile(`${file}.lock`, 'utf8')) as { pid: number };
    assert.equal(mine.pid, process.pid);
    await lock.release();
    await assert.rejects(stat(`${file}.lock`));
  });

  it('treats an old proper-lockfile directory (older OpenClaw) as held, then as stale after 30 s', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const file = h.path('store/auth-profiles.json');
    await mkdir(`${file}.lock`, { recursive: true });
    const locks = new NodeLocks();
    await assert.rejects(
      locks.openclawStore(file, 200),
      (e: unknown) => e instanceof AppError && e.code === 'lock-busy',
    );
    const old = new Date(Date.now() - 45_000);
    await utimes(`${file}.lock`, old, old);
    const lock = await locks.openclawStore(file, 200);
    await lock.release();
  });
});

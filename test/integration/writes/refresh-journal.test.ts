import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, utimes } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import lockfile from 'proper-lockfile';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';

const fake = new FakeTokenEndpoint();
let url = '';
const homes: FixtureHome[] = [];
before(async () => {
  url = await fake.start();
});
after(async () => {
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The killed process's refresh locks, as a run 10 s later finds them (Claude Code's staleness). */
async function ageLocks(h: FixtureHome): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  for (const p of [h.path('.claude/.oauth_refresh.lock'), `${h.home}/.claude.lock`])
    await utimes(p, past, past).catch(() => undefined);
}

describe('the refresh journal', () => {
  it('a process killed after the new pair arrived but before it reached Claude Code’s store loses nothing: the next run replays it', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const rt = fake.issue();
    const creds = await h.claude(
      claudeCredentials({
        access: access('j'),
        refresh: rt,
        expiresAt: Date.now() + 10 * 60_000,
        extra: { keep: 'me' },
      }),
    );
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: url });
    // Claude Code is "writing" (its storage lock is held), so the refresh must wait after the answer
    const release = await lockfile.lock(h.path('.claude/.storage-write'), { realpath: false, stale: 60_000 });
    const journal = h.path('data/refresh-journal.json');
    const child = spawn(process.execPath, [BIN, 'refresh'], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 2000 && !existsSync(journal); i++) await sleep(5);
    assert.ok(existsSync(journal), 'the journal was written while the store was locked');
    child.kill('SIGKILL');
    await exited;
    await release();
    await ageLocks(h);
    assert.equal(fake.isLive(rt), false, 'the old refresh token is spent');
    assert.equal((await stat(journal)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(creds, 'utf8')) as { claudeAiOauth: { refreshToken: string } };
    assert.equal(stored.claudeAiOauth.refreshToken, rt, 'the store still holds the spent token');

    const next = await runCli(['sync'], env);
    assert.equal(next.code, 0, next.stderr);
    const after = JSON.parse(await readFile(creds, 'utf8')) as {
      claudeAiOauth: { refreshToken: string; accessToken: string };
      keep: string;
    };
    assert.ok(
      fake.isLive(after.claudeAiOauth.refreshToken),
      'the store holds the live pair from the journal',
    );
    assert.equal(after.keep, 'me', 'every other field kept');
    assert.equal(fake.refreshes, 1, 'no second refresh was needed');
    assert.equal(existsSync(journal), false, 'the journal is removed once replayed');
    assert.ok(!next.stdout.includes(after.claudeAiOauth.accessToken));
  });

  it('a journal whose store moved on (a new /login) is dropped, never written over the new login', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const rt = fake.issue();
    const creds = await h.claude(
      claudeCredentials({ access: access('k'), refresh: rt, expiresAt: Date.now() + 10 * 60_000 }),
    );
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: url });
    const release = await lockfile.lock(h.path('.claude/.storage-write'), { realpath: false, stale: 60_000 });
    const journal = h.path('data/refresh-journal.json');
    const child = spawn(process.execPath, [BIN, 'refresh'], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    for (let i = 0; i < 2000 && !existsSync(journal); i++) await sleep(5);
    child.kill('SIGKILL');
    await exited;
    await release();
    await ageLocks(h);
    const fresh = fake.issue();
    await h.claude(
      claudeCredentials({
        access: access('new-login'),
        refresh: fresh,
        expiresAt: Date.now() + 8 * 3_600_000,
      }),
    );
    assert.equal((await runCli(['sync'], env)).code, 0);
    const after = JSON.parse(await readFile(creds, 'utf8')) as { claudeAiOauth: { refreshToken: string } };
    assert.equal(after.claudeAiOauth.refreshToken, fresh);
    assert.equal(existsSync(journal), false);
  });
});

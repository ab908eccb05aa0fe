/**
 * The real Claude Code releases (pinned and newest) against what Clawkeeper writes and locks,
 * judged by what the binaries do, never by how their minified code spells it: a release that
 * renames a variable but keeps the protocol passes, one that changes the protocol fails.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeLocks } from '../../main/adapters/node/node-locks.ts';
import { LOCK_OWNER_FILE, parseLockOwner } from '../../main/core/formats/claude-lock-owner.ts';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { ClaudeNetwork } from './claude-network.ts';
import { programs, run, type Programs } from './programs.ts';

const QUIET = { DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };

describe('Claude Code, pinned and newest, against what Clawkeeper writes and locks', () => {
  const fake = new FakeTokenEndpoint();
  const homes: FixtureHome[] = [];
  let p: Programs;
  before(async () => {
    p = programs();
    await fake.start();
  });
  const nets: ClaudeNetwork[] = [];
  after(async () => {
    for (const c of running) c.kill('SIGKILL');
    await fake.stop();
    await Promise.all(nets.map((n) => n.stop()));
    await Promise.all(homes.map((h) => h.cleanup()));
  });

  for (const which of ['claude', 'claudeNewest'] as const) {
    it(`${which}: reads the login Clawkeeper saved after a peer refresh (claude auth status)`, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      await h.claude({
        ...claudeCredentials({
          access: access(`cn-${which}`),
          refresh: fake.issue(),
          expiresAt: Date.now() - 60_000,
        }),
        mcpOAuth: { keep: { accessToken: 'x' } },
      });
      const env = h.env({ ...QUIET, CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: fake.url });
      const r = await spawnCli(['refresh', '--force'], env);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const saved = JSON.parse(await readFile(h.path('.claude/.credentials.json'), 'utf8')) as {
        claudeAiOauth: { accessToken: string; refreshToken: string; expiresAt: number };
        mcpOAuth?: unknown;
      };
      assert.notEqual(
        saved.claudeAiOauth.accessToken,
        access(`cn-${which}`),
        'the refresh changed the token',
      );
      assert.ok(saved.mcpOAuth, 'fields Clawkeeper does not own are kept');
      const status = await run(p[which], ['auth', 'status', '--json'], env, '', 60_000);
      assert.equal(status.code, 0, status.stdout + status.stderr);
      const doc = JSON.parse(status.stdout) as { loggedIn: boolean; subscriptionType?: string };
      assert.equal(doc.loggedIn, true);
      assert.equal(doc.subscriptionType, 'max');
    });
  }

  // Claude Code takes its refresh lock before it refreshes an expired login; a peer (Clawkeeper)
  // holding that lock must make it wait, and the token the peer saved is the one it then sends.
  // With CLAUDE_SECURESTORAGE_CONFIG_DIR set, login and locks live in that folder.
  for (const which of ['claude', 'claudeNewest'] as const)
    for (const layout of ['~/.claude', 'CLAUDE_SECURESTORAGE_CONFIG_DIR'] as const)
      it(
        `${which} (${layout}): waits while Clawkeeper holds the refresh lock, then sends the token Clawkeeper saved`,
        { timeout: 90_000 },
        async () => {
          const h = await FixtureHome.create();
          homes.push(h);
          const dir = layout === '~/.claude' ? h.path('.claude') : h.path('vault');
          const layoutEnv: Record<string, string> =
            layout === '~/.claude' ? {} : { CLAUDE_SECURESTORAGE_CONFIG_DIR: dir };
          const expired = access(`w-${which}-a`);
          const saved = access(`w-${which}-b`);
          await h.write(
            join(dir, '.credentials.json'),
            claudeCredentials({
              access: expired,
              refresh: refresh(`w-${which}`),
              expiresAt: Date.now() - 60_000,
            }),
          );
          const net = await new ClaudeNetwork().start();
          nets.push(net);
          // page the binary in first, so the hold below covers its start-up
          await run(p[which], ['--version'], h.env(QUIET), '', 60_000);
          const held = await new NodeLocks().claudeRefresh(dir);
          assert.ok(held, 'Clawkeeper takes the refresh lock');
          const claude = start(p[which], h.env({ ...QUIET, ...net.env(), ...layoutEnv }), h.home);
          await sleep(HOLD_MS);
          // (sending the old token meanwhile would be allowed; refreshing would race the peer)
          assert.deepEqual(net.tokenCalls(), [], 'no refresh while the peer holds the lock');
          // the peer saves its refresh (atomic replace, as Clawkeeper writes) and lets go
          await writeFile(
            join(dir, '.credentials.json.tmp'),
            JSON.stringify(
              claudeCredentials({
                access: saved,
                refresh: refresh(`w-${which}-2`),
                expiresAt: Date.now() + 8 * HOUR,
              }),
            ),
            { mode: 0o600 },
          );
          await rename(join(dir, '.credentials.json.tmp'), join(dir, '.credentials.json'));
          const releasedAt = Date.now();
          await held.release();
          await until(
            () => net.seen.some((s) => s.kind === 'api' && s.what === saved),
            'a request with the saved token',
            60_000,
          ).catch((e: Error) => {
            throw new Error(
              `${e.message}; seen ${JSON.stringify(net.seen.map((s) => [s.kind, s.what.slice(0, 20)]))}`,
            );
          });
          assert.deepEqual(
            net.tokenCalls().filter((c) => c.at < releasedAt),
            [],
            'the token endpoint was not called before the peer let go',
          );
          await stopClaude(claude);
        },
      );

  it(
    'claudeNewest: names itself in the lock owner record; Clawkeeper never breaks its lock while it lives, and takes it over once it is gone',
    { timeout: 90_000 },
    async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const dir = h.path('.claude');
      await h.claude(
        claudeCredentials({ access: access('own'), refresh: refresh('own'), expiresAt: Date.now() - 60_000 }),
      );
      const net = await new ClaudeNetwork().start();
      nets.push(net);
      const claude = start(p.claudeNewest, h.env({ ...QUIET, ...net.env() }), h.home);
      // its refresh hangs at the silent proxy: it holds the lock meanwhile
      await until(async () => (await owner(dir)) !== null, 'the owner record', 60_000);
      const record = await owner(dir);
      assert.equal(record?.pid, claude.pid, 'the record names the process holding the lock');
      assert.equal(record?.lockBirthtimeMs, (await lstat(join(dir, '.oauth_refresh.lock'))).birthtimeMs);
      // it writes the record, re-reads its login, then calls the token endpoint (seen at the proxy)
      await until(() => net.tokenCalls().length > 0, 'its refresh in flight', 60_000);
      assert.equal(await new NodeLocks().claudeRefresh(dir), null, 'a live holder keeps its lock');
      await stopClaude(claude);
      const taken = await new NodeLocks().claudeRefresh(dir);
      assert.ok(taken, 'the recorded holder is gone: taken over at once, without the 60 s wait');
      assert.equal((await owner(dir))?.pid, process.pid);
      await taken.release();
    },
  );
});

const HOLD_MS = 4000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const owner = async (dir: string) =>
  parseLockOwner(await readFile(join(dir, LOCK_OWNER_FILE), 'utf8').catch(() => null));

const running: ChildProcess[] = [];

/** `claude -p` (one prompt, no TTY): it reads the login, refreshes when expired, calls the API. */
function start(bin: string, env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  const c = spawn(bin, ['-p', 'hello'], { env, cwd, stdio: ['ignore', 'ignore', 'ignore'] });
  running.push(c);
  return c;
}

function stopClaude(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    c.once('exit', () => r());
    c.kill('SIGKILL');
  });
}

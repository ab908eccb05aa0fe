import assert from 'node:assert/strict';
import { open, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { programs, run, type Programs } from './programs.ts';

const QUIET = { DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };

/** Whether the binary holds every one of these byte strings (read in 64 MB chunks). */
async function holds(path: string, needles: string[]): Promise<Record<string, boolean>> {
  const found = Object.fromEntries(needles.map((n) => [n, false]));
  const f = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(64 << 20);
    let pos = 0;
    let tail = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await f.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      const hay = Buffer.concat([tail, chunk.subarray(0, bytesRead)]);
      for (const n of needles) if (!found[n] && hay.includes(n)) found[n] = true;
      tail = hay.subarray(Math.max(0, hay.length - 256));
      pos += bytesRead;
    }
  } finally {
    await f.close();
  }
  return found;
}

describe('Claude Code, pinned and newest, against what Clawkeeper writes', () => {
  const fake = new FakeTokenEndpoint();
  const homes: FixtureHome[] = [];
  let p: Programs;
  before(async () => {
    p = programs();
    await fake.start();
  });
  after(async () => {
    await fake.stop();
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

  it('the newest binary still names the lock and fields Clawkeeper relies on', async () => {
    const found = await holds(p.claudeNewest, [
      '.oauth_refresh.lock',
      '.oauth_refresh.lock.owner',
      // the owner record's fields and limits Clawkeeper writes and judges (core/formats/claude-lock-owner.ts)
      'procStart:r().max(64).optional(),pidDomain:r().max(512),pidSpace:r().max(512),lockBirthtimeMs:v().positive(),legacyLockBirthtimeMs:v().positive().optional()',
      '`linux:${e}:${t}`',
      '"/proc/self/ns/pid"',
      'OAuth refresh lock owner record not written',
      'stale:60000',
      'update:5000',
      'refreshTokenExpiresAt',
      'loginEnded',
      'time_limit',
      '.storage-write',
    ]);
    assert.deepEqual(
      Object.entries(found)
        .filter(([, v]) => !v)
        .map(([k]) => k),
      [],
      'strings missing from the newest Claude Code (its protocol changed: re-read it)',
    );
  });
});

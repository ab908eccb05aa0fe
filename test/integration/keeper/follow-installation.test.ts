/**
 * The running keeper follows the installation itself (real chokidar, real files): an agent or a
 * state folder appearing or disappearing, another release behind the `openclaw` command. Each is
 * noticed within one pass and said; a state folder gone with copies of the login is a warning
 * until it is back; a configured link into a store that moved into SQLite is written through the
 * openclaw CLI, never into the JSON file that release no longer reads.
 */
import assert from 'node:assert/strict';
import { copyFile, chmod, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { KeeperEvent } from '../../../main/core/contracts.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { keeperFor, type Harness } from '../../helpers/keeper-harness.ts';

const STANDIN = fileURLToPath(new URL('../../fakes/openclaw-standin.mjs', import.meta.url));
const fake = new FakeTokenEndpoint();
let url: string;
const homes: FixtureHome[] = [];
const running: Harness[] = [];
before(async () => {
  url = await fake.start();
});
after(async () => {
  for (const k of running) await k.keeper.stop();
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function until(cond: () => boolean, what: string, k: Harness, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end)
      throw new Error(
        `timed out waiting for ${what}; events: ${JSON.stringify(k.events.filter((e) => e.type !== 'status'))}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

const said = (k: Harness, re: RegExp) => () =>
  k.events.some((e: KeeperEvent) => e.type === 'installation-changed' && e.changes.some((c) => re.test(c)));

async function home(): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.claude(
    claudeCredentials({
      access: access('fi-login'),
      refresh: refresh('fi-login'),
      expiresAt: Date.now() + 7 * HOUR,
    }),
  );
  return h;
}

const copyStore = (token: string) => ({
  version: 1,
  profiles: {
    'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token, expires: Date.now() + 7 * HOUR },
  },
});

async function watching(h: FixtureHome, env: Record<string, string> = {}): Promise<Harness> {
  const k = await keeperFor(h, url, {
    watch: true,
    env: { CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw', ...env },
  });
  running.push(k);
  await k.keeper.start();
  return k;
}

describe('the running keeper follows the installation', () => {
  it('says an agent appearing and disappearing', { timeout: 60_000 }, async () => {
    const h = await home();
    await h.profiles('main', copyStore(access('fi-login')));
    const k = await watching(h);
    await h.profiles('work', copyStore(access('fi-login')));
    await until(said(k, /^openclaw: agent work appeared$/), 'agent work appeared', k);
    await until(
      () =>
        k.keeper.current()?.credentials.some((c) => c.id === 'openclaw:work/anthropic:claude-cli') ?? false,
      'its copy judged',
      k,
    );
    await rm(h.path('.openclaw/agents/work'), { recursive: true });
    await until(said(k, /^openclaw: agent work disappeared$/), 'agent work disappeared', k);
  });

  it(
    'a state folder gone with copies of the login is a warning until it is back; a new one is noticed',
    { timeout: 60_000 },
    async () => {
      const h = await home();
      await h.profiles('main', copyStore(access('fi-login')));
      const k = await watching(h);
      assert.equal(k.keeper.current()?.exitCode, 0);
      await rename(h.path('.openclaw'), h.path('openclaw-moved'));
      await until(
        said(k, /^openclaw state folder disappeared: .*\(it held openclaw:main\/anthropic:claude-cli\)$/),
        'the folder gone',
        k,
      );
      const report = k.keeper.current();
      assert.equal(report?.exitCode, 2, 'not green');
      assert.ok(report?.findings.some((f) => f.check === 'install-disappeared'));
      // a Clawdbot state folder appears (nothing was there at start: its parent is watched for it)
      await h.profiles('main', copyStore(access('fi-login')), '.clawdbot');
      await until(said(k, /^clawdbot state folder appeared/), 'the new folder', k);
      // OpenClaw's folder is back: the warning goes
      await rename(h.path('openclaw-moved'), h.path('.openclaw'));
      await until(
        () => k.keeper.current()?.findings.every((f) => f.check !== 'install-disappeared') ?? false,
        'the warning withdrawn',
        k,
      );
      assert.ok(said(k, /^openclaw state folder appeared/)());
    },
  );

  it(
    'another release behind the openclaw command: said within one pass; a configured JSON-store link is then written through the CLI',
    { timeout: 60_000 },
    async () => {
      const h = await home();
      // an npm-style install: bin/openclaw → node_modules/openclaw/openclaw.mjs (a stand-in that records its calls)
      const pkg = h.path('npm/node_modules/openclaw');
      await mkdir(pkg, { recursive: true });
      await copyFile(STANDIN, join(pkg, 'openclaw.mjs'));
      await chmod(join(pkg, 'openclaw.mjs'), 0o755);
      await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version: '2026.6.1' }));
      await mkdir(h.path('npm/bin'));
      await symlink(join(pkg, 'openclaw.mjs'), h.path('npm/bin/openclaw'));
      const file = await h.profiles('main', copyStore(access('fi-older')));
      await h.write('.config/clawkeeper/settings.json', {
        sync: {
          reload: 'off',
          links: [{ kind: 'openclaw-profile', file, profileId: 'anthropic:claude-cli' }],
        },
        probe: { enabled: false },
      });
      const calls = h.path('calls.jsonl');
      const k = await watching(h, {
        CLAWKEEPER_OPENCLAW_BIN: '',
        PATH: `${h.path('npm/bin')}:${process.env.PATH ?? ''}`,
        FAKE_OPENCLAW_LOG: h.path('last.json'),
        FAKE_OPENCLAW_CALLS: calls,
      });
      await until(() => k.of('synced').length === 1, 'the JSON store synced by the configured link', k);
      assert.ok((await readFile(file, 'utf8')).includes(access('fi-login')));
      // npm replaces the package with a SQLite release
      await writeFile(
        join(pkg, 'package.json.new'),
        JSON.stringify({ name: 'openclaw', version: '2026.9.6' }),
      );
      await rename(join(pkg, 'package.json.new'), join(pkg, 'package.json'));
      await until(said(k, /^openclaw: release 2026\.6\.1 → 2026\.9\.6/), 'the new release', k);
      // Claude Code's login changes: the configured link now goes through the CLI
      const next = access('fi-next');
      await h.claude(
        claudeCredentials({ access: next, refresh: refresh('fi-next'), expiresAt: Date.now() + 8 * HOUR }),
      );
      const pasted = async () =>
        (existsSync(calls) ? await readFile(calls, 'utf8') : '')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { argv: string[]; input: string })
          .find((c) => c.input === next);
      let call: Awaited<ReturnType<typeof pasted>>;
      const end = Date.now() + 20_000;
      while (!(call = await pasted()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        call,
        `a paste of the new login; events: ${JSON.stringify(k.events.filter((e) => e.type !== 'status'))}`,
      );
      assert.deepEqual(call.argv.slice(0, 3), ['models', 'auth', 'paste-token']);
      assert.ok(call.argv.includes('anthropic:claude-cli'));
      assert.ok(
        !(await readFile(file, 'utf8')).includes(next),
        'the JSON store this release no longer reads was not written',
      );
    },
  );
});

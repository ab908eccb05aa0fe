import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { NapiForeignKeychain } from '../../../main/adapters/keychain/napi-foreign-keychain.ts';
import { NapiKeyringVault } from '../../../main/adapters/keychain/napi-keyring-vault.ts';
import { SecurityCliKeychain } from '../../../main/adapters/keychain/security-cli-keychain.ts';
import { NodeFiles } from '../../../main/adapters/node/node-files.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { SystemClock } from '../../../main/adapters/node/system-clock.ts';
import { OpenClawCliAdapter } from '../../../main/adapters/openclaw-cli/openclaw-cli.ts';
import { discover } from '../../../main/core/discovery/discovery.ts';
import { AppError } from '../../../main/core/kernel/errors.ts';
import { judge } from '../../../main/core/health/health.ts';
import { claudeKeychainServices } from '../../../main/core/kernel/paths.ts';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/settings.ts';
import type { Environment } from '../../../main/ports/environment.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';

const STANDIN = fileURLToPath(new URL('../../fakes/security-standin.mjs', import.meta.url));
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function macFixture(vars: Record<string, string> = {}) {
  const h = await FixtureHome.create();
  homes.push(h);
  const dir = h.path('keychain');
  await mkdir(dir, { recursive: true });
  const env: Environment = {
    platform: 'darwin',
    home: h.home,
    user: 'tester',
    uid: process.getuid?.() ?? null,
    vars: { HOME: h.home, PATH: process.env.PATH, ...vars },
  };
  const runner = new NodeProcessRunner();
  // the stand-in gets its folder from a wrapper, as a program gets nothing from our environment
  // it did not ask for (child-env.ts); `${dir}/.log` names its log when a test wants one
  const bin = join(dir, 'security');
  await writeFile(
    bin,
    [
      '#!/bin/sh',
      `FAKE_SECURITY_DIR='${dir}'; export FAKE_SECURITY_DIR`,
      `if [ -f '${dir}/.log' ]; then FAKE_SECURITY_LOG=$(cat '${dir}/.log'); export FAKE_SECURITY_LOG; fi`,
      `exec '${process.execPath}' '${STANDIN}' "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const keychain = new SecurityCliKeychain(runner, new SystemClock(), {
    securityBin: bin,
    timeoutMs: 1500,
  });
  const item = (service: string, content: string, suffix = '') =>
    writeFile(`${dir}/${service}@tester${suffix}`, content);
  const deps = {
    files: new NodeFiles(),
    env,
    keychain,
    openclaw: new OpenClawCliAdapter(runner, { bin: '/nonexistent/openclaw', env: {}, timeoutMs: 5000 }),
    settings: DEFAULT_SETTINGS,
  };
  return {
    h,
    env,
    item,
    keychain,
    deps,
    status: async () => judge(await discover(deps), { now: Date.now(), settings: DEFAULT_SETTINGS }),
  };
}

describe('the macOS Keychain through a stand-in `security`', () => {
  it('reads the login item and prefers it over the file', async () => {
    const f = await macFixture();
    await f.item(
      'Claude Code-credentials',
      JSON.stringify(
        claudeCredentials({ access: access('kc'), refresh: refresh('kc'), expiresAt: Date.now() + 5 * HOUR }),
      ),
    );
    await f.h.claude(
      claudeCredentials({
        access: access('file-old'),
        refresh: refresh('file-old'),
        expiresAt: Date.now() - HOUR,
      }),
    );
    const r = await f.status();
    const primary = r.credentials.find((c) => c.id === 'claude-code');
    assert.equal(primary?.location, 'keychain:Claude Code-credentials');
    assert.equal(primary?.state, 'ok');
    assert.equal(primary?.masked, `sk-ant-oat01-…${access('kc').slice(-4)}`);
    const file = r.credentials.find((c) => c.id === 'claude-code@file');
    assert.equal(file?.state, 'stale-copy');
  });

  it('skips an item that holds only mcpOAuth and picks the one with claudeAiOauth', async () => {
    const f = await macFixture({ CLAUDE_CONFIG_DIR: '/tmp/ck-claude-config' });
    const [suffixed, legacy] = claudeKeychainServices(f.env);
    await f.item(suffixed!, JSON.stringify({ mcpOAuth: { server: {} } }));
    await f.item(
      legacy!,
      JSON.stringify(
        claudeCredentials({
          access: access('legacy'),
          refresh: refresh('legacy'),
          expiresAt: Date.now() + HOUR,
        }),
      ),
    );
    const r = await f.status();
    assert.deepEqual(
      r.credentials.map((c) => [c.id, c.location]),
      [['claude-code', `keychain:${legacy}`]],
    );
  });

  it('reports two items that both hold a login', async () => {
    const f = await macFixture({ CLAUDE_CONFIG_DIR: '/tmp/ck-claude-config' });
    const [suffixed, legacy] = claudeKeychainServices(f.env);
    await f.item(
      suffixed!,
      JSON.stringify(
        claudeCredentials({ access: access('s1'), refresh: refresh('s1'), expiresAt: Date.now() + HOUR }),
      ),
    );
    await f.item(
      legacy!,
      JSON.stringify(
        claudeCredentials({ access: access('s2'), refresh: refresh('s2'), expiresAt: Date.now() + HOUR }),
      ),
    );
    const r = await f.status();
    assert.equal(r.credentials.find((c) => c.id === 'claude-code')?.location, `keychain:${suffixed}`);
    assert.ok(r.findings.some((x) => x.check === 'duplicate-keychain-items'));
  });

  it('turns a hanging read (an access dialog) into a timeout, kills it, and backs off', async () => {
    const f = await macFixture();
    await f.item('Claude Code-credentials', '', '.hang');
    const started = Date.now();
    await assert.rejects(
      f.keychain.readGenericPassword('Claude Code-credentials', 'tester'),
      (e: unknown) => e instanceof AppError && e.code === 'keychain-timeout',
    );
    assert.ok(Date.now() - started < 5000);
    // a second attempt inside the cool-down does not spawn security again
    await assert.rejects(
      f.keychain.readGenericPassword('Claude Code-credentials', 'tester'),
      (e: unknown) => e instanceof AppError && e.code === 'keychain-denied',
    );
  });

  it('reports a timeout as one unreadable entry, not a crash', async () => {
    const f = await macFixture();
    await f.item('Claude Code-credentials', '', '.hang');
    const r = await f.status();
    const c = r.credentials.find((x) => x.id === 'claude-code');
    assert.equal(c?.state, 'unreadable');
    assert.match(c?.reason ?? '', /timed out/);
  });

  it('reports an item holding broken JSON as unreadable without echoing it', async () => {
    const f = await macFixture();
    await f.item('Claude Code-credentials', `{"claudeAiOauth":{"accessToken":"${access('broken')}"`);
    const r = await f.status();
    const c = r.credentials.find((x) => x.id === 'claude-code');
    assert.equal(c?.state, 'unreadable');
    assert.ok(!JSON.stringify(r).includes(access('broken').slice(13)));
  });

  it('passes the account and service the way Claude Code does', async () => {
    const f = await macFixture();
    const log = f.h.path('security.log');
    await writeFile(f.h.path('keychain', '.log'), log);
    assert.equal(await f.keychain.readGenericPassword('Claude Code-credentials', 'tester'), null);
    assert.deepEqual(JSON.parse((await readFile(log, 'utf8')).trim()), [
      'find-generic-password',
      '-a',
      'tester',
      '-w',
      '-s',
      'Claude Code-credentials',
    ]);
  });
});

describe("writing Claude Code's Keychain item back (stand-in `security -i`)", () => {
  it('replaces the item and keeps the secret out of argv', async () => {
    const f = await macFixture();
    const log = f.h.path('security-write.log');
    await writeFile(f.h.path('keychain', '.log'), log);
    const secret = JSON.stringify(
      claudeCredentials({ access: access('kw'), refresh: refresh('kw'), expiresAt: 1 }),
    );
    await f.keychain.writeGenericPassword('Claude Code-credentials', 'tester', secret);
    assert.equal(await f.keychain.readGenericPassword('Claude Code-credentials', 'tester'), secret);
    const argv = await readFile(log, 'utf8');
    assert.deepEqual(JSON.parse(argv.trim().split('\n')[0] ?? '[]'), ['-i']);
    assert.ok(!argv.includes(access('kw').slice(13)));
  });
});

const keyringReady = process.env.CLAWKEEPER_KEYRING_READY === '1';
const required = process.env.CLAWKEEPER_REQUIRE_KEYRING === '1';

describe(
  'the vault in a real Secret Service (gnome-keyring)',
  {
    skip:
      !keyringReady && !required ? 'no Secret Service session (run through scripts/with-keyring.sh)' : false,
  },
  () => {
    it('stores, reads back and deletes a secret', async () => {
      const vault = new NapiKeyringVault(`Clawkeeper-test-${randomUUID()}`);
      const value = access('vault');
      assert.equal(await vault.get('anthropic:manual'), null);
      await vault.set('anthropic:manual', value);
      assert.equal(await vault.get('anthropic:manual'), value);
      await vault.set('anthropic:manual', access('vault2'));
      assert.equal(await vault.get('anthropic:manual'), access('vault2'));
      assert.equal(await vault.delete('anthropic:manual'), true);
      assert.equal(await vault.get('anthropic:manual'), null);
    });

    it('finds Claude Code’s login in the Windows credential store when there is no file (same keyring API)', async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      const service = `Claude Code-credentials-test-${randomUUID()}`;
      const creds = JSON.stringify(
        claudeCredentials({ access: access('win'), refresh: refresh('win'), expiresAt: Date.now() + HOUR }),
      );
      const keychain = new NapiForeignKeychain();
      await keychain.writeGenericPassword(service, 'tester', creds);
      try {
        // a Windows environment whose service name is the test's own, so the user's keyring is untouched
        const env: Environment = {
          platform: 'win32',
          home: h.home,
          user: 'tester',
          uid: null,
          vars: { USERPROFILE: h.home },
        };
        const deps = {
          files: new NodeFiles(),
          env,
          keychain: {
            readGenericPassword: (s: string, a: string) =>
              keychain.readGenericPassword(s === 'Claude Code-credentials' ? service : s, a),
            writeGenericPassword: () => Promise.resolve(),
          },
          openclaw: new OpenClawCliAdapter(new NodeProcessRunner(), {
            bin: '/nonexistent/openclaw',
            env: {},
            timeoutMs: 5000,
          }),
          settings: DEFAULT_SETTINGS,
        };
        const r = judge(await discover(deps), { now: Date.now(), settings: DEFAULT_SETTINGS });
        const c = r.credentials.find((x) => x.id === 'claude-code');
        assert.equal(c?.location, 'keychain:Claude Code-credentials');
        assert.equal(c?.state, 'ok');
      } finally {
        await new NapiKeyringVault(service).delete('tester');
      }
    });

    it('keeps entries of different accounts apart', async () => {
      const vault = new NapiKeyringVault(`Clawkeeper-test-${randomUUID()}`);
      await vault.set('a', 'one-value-long-enough');
      await vault.set('b', 'two-value-long-enough');
      assert.equal(await vault.get('a'), 'one-value-long-enough');
      assert.equal(await vault.get('b'), 'two-value-long-enough');
      await vault.delete('a');
      await vault.delete('b');
    });
  },
);

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, spawnCli } from '../../helpers/run-cli.ts';

const fake = new FakeTokenEndpoint();
const homes: FixtureHome[] = [];
before(async () => {
  await fake.start();
});
after(async () => {
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function home() {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}

/** `clawkeeper watch --json` as a real process, with its JSON lines collected. */
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function watchJson(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, 'watch', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const lines: Array<Record<string, unknown>> = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  child.stdout.on('data', (d: string) => {
    out += d;
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, unknown>);
  });
  const waitFor = (what: string, pred: (e: Record<string, unknown>) => boolean, ms = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(lines)} ${err}`)),
        ms,
      );
      const check = () => {
        const hit = lines.find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else setTimeout(check, 20);
      };
      check();
    });
  const stop = async () => {
    child.kill('SIGTERM');
    const hung = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((r) => child.once('close', r));
    clearTimeout(hung);
    if (code === null) throw new Error(`watch did not stop on SIGTERM; stderr: ${err}`);
    return code;
  };
  return { lines, waitFor, stop };
}

describe('clawkeeper watch (the daemon, a real process)', () => {
  it('follows a rename-over of Claude’s credentials into the linked store, prints JSON events, and stops cleanly on SIGTERM', async () => {
    const h = await home();
    const first = access('w1');
    await h.claude(
      claudeCredentials({ access: first, refresh: refresh('w1'), expiresAt: Date.now() + 6 * HOUR }),
    );
    const target = await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: first,
          expires: Date.now() + 6 * HOUR,
        },
      },
    });
    const env = h.env({ CLAWKEEPER_TOKEN_URL: fake.url, CLAWKEEPER_DATA_DIR: h.path('data') });
    const w = watchJson(env);
    const { lines } = w;
    const waitFor = (pred: (e: Record<string, unknown>) => boolean) => w.waitFor('an event', pred);
    await waitFor((e) => e.type === 'status');
    // Claude Code replaces its file by rename (new inode): the daemon must notice
    const second = access('w2');
    await writeFile(
      h.path('.claude/.credentials.json.new'),
      JSON.stringify(
        claudeCredentials({ access: second, refresh: refresh('w2'), expiresAt: Date.now() + 8 * HOUR }),
      ),
      { mode: 0o600 },
    );
    await rename(h.path('.claude/.credentials.json.new'), h.path('.claude/.credentials.json'));
    const synced = await waitFor((e) => e.type === 'synced' && e.fingerprint === fingerprintOf(second));
    assert.match(String(synced.target), /anthropic:claude-cli/);
    const doc = JSON.parse(await readFile(target, 'utf8')) as { profiles: Record<string, { token: string }> };
    assert.equal(doc.profiles['anthropic:claude-cli']?.token, second);
    assert.equal(await w.stop(), 0);
    // no lock left behind, and no token in what it printed
    assert.deepEqual(
      (await readdir(h.path('.openclaw/agents/main/agent'))).filter((f) => f.includes('.lock')),
      [],
    );
    assert.ok(!JSON.stringify(lines).includes(second.slice(13)));
    const log = await readFile(h.path('data/logs/clawkeeper.log'), 'utf8');
    assert.match(log, /keeper: synced/);
    assert.ok(!log.includes(second.slice(13)) && !log.includes(first.slice(13)), 'no token in the log file');
  });
});

describe('clawkeeper watch follows its settings file', () => {
  it(
    'an edit takes effect without a restart (a new alert channel fires), a broken edit keeps the settings in effect, a removal brings the defaults',
    { timeout: 90_000 },
    async () => {
      const h = await home();
      // a rejected login: the refresh token was never issued, so the endpoint answers invalid_grant
      await h.claude(
        claudeCredentials({
          access: access('sf'),
          refresh: refresh('sf-never-issued'),
          expiresAt: Date.now() + 30 * 60_000,
        }),
      );
      const env = h.env({ CLAWKEEPER_TOKEN_URL: fake.url, CLAWKEEPER_DATA_DIR: h.path('data') });
      const settingsFile = h.path('.config/clawkeeper/settings.json');
      const flag = h.path('flags/REAUTH_NEEDED');
      // no settings folder at all at start: the follower waits for it in its parent
      await mkdir(h.path('.config'), { recursive: true });
      const w = watchJson(env);
      await w.waitFor('a needs-reauth status', (e) => JSON.stringify(e).includes('needs-reauth'));
      assert.equal(existsSync(flag), false, 'no channel yet, no flag');
      await h.write(settingsFile, { alerts: { channels: [{ type: 'flag-file', path: flag }] } });
      const applied = await w.waitFor('the settings applied', (e) => e.type === 'settings');
      assert.equal(applied.kind, 'applied');
      await until(() => existsSync(flag), 'the flag file of the channel added while running').catch(
        (e: Error) => {
          throw new Error(`${e.message}; watch printed ${JSON.stringify(w.lines)}`);
        },
      );
      assert.match(await readFile(flag, 'utf8'), /claude-code/);
      // a typo: reported once, and the channel stays (the flag is not taken back)
      await writeFile(settingsFile, '{ "alerts": { "channels": [ { "type": "flag-file", ');
      const kept = await w.waitFor(
        'the broken edit reported',
        (e) => e.type === 'settings' && e.kind === 'kept',
      );
      assert.match(String(kept.problem), /not valid .*the settings in effect stay until it is fixed/);
      await writeFile(settingsFile, '{ "alerts": { "channels": [ { "type": "flag-file", ');
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(w.lines.filter((e) => e.kind === 'kept').length, 1, 'the same problem is said once');
      assert.ok(existsSync(flag));
      // removed: the defaults (no channel) are in effect
      await rm(settingsFile);
      await w.waitFor('the defaults', (e) => e.type === 'settings' && e.kind === 'defaults');
      assert.equal(await w.stop(), 0);
      const log = await readFile(h.path('data/logs/clawkeeper.log'), 'utf8');
      assert.match(log, /settings file changed/);
    },
  );
});

describe('clawkeeper link and service', () => {
  it('adds, lists and removes links kept in settings', async () => {
    const h = await home();
    await h.claude(
      claudeCredentials({ access: access('l1'), refresh: refresh('l1'), expiresAt: Date.now() + 6 * HOUR }),
    );
    await h.profiles('main', {
      profiles: {
        'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token: access('l1'), expires: 1 },
      },
    });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    await mkdir(h.path('gw'), { recursive: true });
    const add = await spawnCli(['link', 'add', '--dotenv', h.path('gw/.env')], env);
    assert.equal(add.code, 0, add.stderr);
    const list = (
      JSON.parse((await spawnCli(['link', 'list', '--json'], env)).stdout) as {
        links: Array<{ id: string; auto: boolean }>;
      }
    ).links;
    assert.deepEqual(
      list.map((l) => [l.auto, l.id.split(':')[0]]),
      [
        [false, 'env'],
        [true, 'profile'],
      ],
    );
    const settings = JSON.parse(await readFile(h.path('.config/clawkeeper/settings.json'), 'utf8')) as {
      sync: { links: unknown[] };
    };
    assert.equal(settings.sync.links.length, 1);
    assert.equal((await spawnCli(['link', 'remove', list[0]!.id], env)).code, 0);
    assert.equal((await spawnCli(['link', 'remove', 'nope'], env)).code, 1);
    const full = await spawnCli(
      ['link', 'add', '--agent', 'main', '--profile-id', 'anthropic:other', '--full'],
      env,
    );
    assert.match(full.stderr, /refresh token/);
  });

  it('writes a systemd user unit that restarts on failure, and removes it', async () => {
    const h = await home();
    const env = h.env({ OPENCLAW_STATE_DIR: h.path('oc') });
    const r = await spawnCli(['service', 'install', '--no-start'], env);
    assert.equal(r.code, 0, r.stderr);
    const unit = await readFile(h.path('.config/systemd/user/clawkeeper.service'), 'utf8');
    assert.match(unit, /ExecStart=".*node.*" ".*bin\/clawkeeper\.mjs" watch/);
    assert.equal(
      /ExecStart="[^"]*" "([^"]*)"/.exec(unit)?.[1],
      BIN,
      'the real bin script, wherever the chunk sits',
    );
    assert.match(unit, /Restart=on-failure/);
    assert.match(unit, /Environment="OPENCLAW_STATE_DIR=.*\/oc"/);
    assert.equal((await spawnCli(['service', 'status'], env)).code, 0);
    assert.equal((await spawnCli(['service', 'uninstall', '--no-start'], env)).code, 0);
    assert.equal((await spawnCli(['service', 'status'], env)).code, 1);
  });
});

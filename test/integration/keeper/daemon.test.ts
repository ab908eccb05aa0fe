import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
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

async function home() {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
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
    const child = spawn(process.execPath, [BIN, 'watch', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const lines: Array<Record<string, unknown>> = [];
    const waitFor = (pred: (e: Record<string, unknown>) => boolean, ms = 10_000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${out}`)), ms);
        const check = () => {
          const hit = lines.find(pred);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else setTimeout(check, 20);
        };
        check();
      });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
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
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('close', r));
    assert.equal(code, 0);
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
    const list = JSON.parse((await spawnCli(['link', 'list', '--json'], env)).stdout) as Array<{
      id: string;
      auto: boolean;
    }>;
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

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { NapiKeyringVault } from '../../../main/adapters/keychain/napi-keyring-vault.ts';
import type { BackupRecord } from '../../../main/ports/backups.ts';
import { closedPortBase, FakeAnthropicApi } from '../../fakes/anthropic-api.ts';
import { access, apiKey, DAY, fakeToken, FixtureHome, refresh } from '../../helpers/fixture-home.ts';
import { BIN, runCli, spawnCli } from '../../helpers/run-cli.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));
async function home(): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}
const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const storePath = (h: FixtureHome, agent = 'main') =>
  h.path(`.openclaw/agents/${agent}/agent/auth-profiles.json`);
type Obj = Record<string, unknown>;
interface JsonDoc {
  profiles: Record<string, Obj>;
  auth: { profiles: Record<string, Obj> };
  [k: string]: unknown;
}
const readJson = async (p: string) => JSON.parse(await readFile(p, 'utf8')) as JsonDoc;

/** Asserts no part of any fixture token body appears in the output. */
function noLeak(out: string, ...tokens: string[]): void {
  for (const t of tokens) {
    const body = t.replace(/\s+/g, '').slice(13, 45);
    if (body.length >= 8) assert.ok(!out.includes(body), 'a token leaked into the output');
  }
}

describe('paste-token refuses bad pastes, each with its own message, never echoing them', () => {
  const tok = access('bad');
  const cases: Array<[string, string, RegExp]> = [
    ['code#state', 'Ab12Cd34Ef56Gh78Ij90Kl#st4te5tr1ngst4teXYZ', /authorization code/],
    ['a refresh token', refresh('bad'), /refresh token/],
    ['an API key', apiKey('bad'), /--as-api-key/],
    ['an admin key', fakeToken('sk-ant-admin01-', 'bad'), /Admin API key/],
    ['a truncated token', tok.slice(0, 60), /truncated/],
    ['an unknown prefix', 'xoxb-' + 'Q'.repeat(70), /does not look like an Anthropic token/],
    ['a quoted token', `'${tok}'`, /quotes/],
    ['an empty stdin', '', /nothing was pasted/],
  ];
  for (const [name, input, expected] of cases) {
    it(`refuses ${name} (exit 1) and writes nothing`, async () => {
      const h = await home();
      await h.config(MODEL);
      const r = await runCli(['paste-token'], h.env(), input);
      assert.equal(r.code, 1);
      assert.match(r.stderr, expected);
      noLeak(r.stdout + r.stderr, input);
      assert.equal(await stat(storePath(h)).catch(() => null), null);
    });
  }

  it('refuses a token on the command line with a usage error (64) and does not echo it', async () => {
    const h = await home();
    for (const argv of [
      ['paste-token', tok],
      ['paste-token', `--token=${tok}`],
      ['paste-token', '--token', tok],
    ]) {
      const r = await runCli(argv, h.env(), '');
      assert.equal(r.code, 64);
      assert.match(r.stderr, /never takes the token on the command line/);
      noLeak(r.stdout + r.stderr, tok);
    }
  });

  it('explains a bad --expires-in as a usage error', async () => {
    const h = await home();
    const r = await runCli(['paste-token', '--expires-in', 'soon'], h.env(), tok);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /365d, 12h/);
  });
});

describe('paste-token into a JSON store (OpenClaw ≤ 2026.6.1)', () => {
  it('keeps other profiles and unknown fields, backs up first, and leaves an agreeing config alone', async () => {
    const h = await home();
    const cfg = await h.config({
      ...MODEL,
      auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    });
    const cfgBefore = await readFile(cfg, 'utf8');
    const other = { type: 'api_key', provider: 'anthropic', key: apiKey('keep'), note: 'mine' };
    const before = {
      version: 1,
      profiles: {
        'anthropic:work': other,
        'anthropic:manual': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('old'),
          refresh: refresh('old'),
          email: 'a@b.c',
        },
      },
      usageStats: { x: 1 },
      future: { keep: true },
    };
    const p = await h.profiles('main', before);
    const text = await readFile(p, 'utf8');
    const tok = access('new');
    const r = await runCli(['paste-token', '--json'], h.env(), `${tok}\n`);
    assert.equal(r.code, 0, r.stderr);
    noLeak(r.stdout + r.stderr, tok);
    const after = await readJson(p);
    assert.deepEqual(after.profiles['anthropic:work'], other);
    assert.deepEqual(after.usageStats, { x: 1 });
    assert.deepEqual(after.future, { keep: true });
    const m = after.profiles['anthropic:manual'];
    assert.equal(m?.type, 'token');
    assert.equal(m?.token, tok);
    assert.equal(m?.email, 'a@b.c');
    assert.equal(m?.access, undefined);
    assert.ok(Math.abs((m?.expires as number) - (now + 365 * DAY)) < 60_000);
    assert.equal((await stat(p)).mode & 0o777, 0o600);
    assert.equal(await readFile(cfg, 'utf8'), cfgBefore, 'the config agreed and must not be rewritten');
    const out = JSON.parse(r.stdout) as { targets: Array<{ backupId: string; configChanged: boolean }> };
    assert.equal(out.targets[0]?.configChanged, false);
    const list = (
      JSON.parse((await runCli(['backup', 'list', '--json'], h.env())).stdout) as { backups: BackupRecord[] }
    ).backups;
    const b = list.find((x) => x.id === out.targets[0]?.backupId);
    assert.equal(b?.file, p);
    assert.equal(b?.reason, 'paste-token anthropic:manual');
    const restore = await runCli(['backup', 'restore', b.id], h.env());
    assert.equal(restore.code, 0, restore.stderr);
    assert.equal(await readFile(p, 'utf8'), text);
  });

  it('creates a missing agent store with mode 0600 in a 0700 directory, for each --agent', async () => {
    const h = await home();
    await h.config({ ...MODEL, agents: { ...MODEL.agents, list: [{ id: 'main' }, { id: 'work' }] } });
    const r = await runCli(
      ['paste-token', '--agent', 'main', '--agent', 'work', '--expires-in', 'never'],
      h.env(),
      access('n'),
    );
    assert.equal(r.code, 0, r.stderr);
    for (const agent of ['main', 'work']) {
      const p = storePath(h, agent);
      assert.equal((await stat(p)).mode & 0o777, 0o600);
      assert.equal((await stat(h.path(`.openclaw/agents/${agent}/agent`))).mode & 0o777, 0o700);
      const prof = (await readJson(p)).profiles['anthropic:manual'];
      assert.deepEqual(prof, { type: 'token', provider: 'anthropic', token: access('n') });
    }
    assert.match(r.stdout, /openclaw \/ work: anthropic:manual/);
  });

  it('fixes the config mode only when it disagrees, with a backup', async () => {
    const h = await home();
    const cfg = await h.config(
      `// my config\n{ auth: { profiles: { "anthropic:manual": { provider: "anthropic", mode: "api_key" } } } }\n`,
    );
    const original = await readFile(cfg, 'utf8');
    const r = await runCli(['paste-token', '--json'], h.env(), access('m'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await readJson(cfg)).auth.profiles['anthropic:manual']?.mode, 'token');
    const out = JSON.parse(r.stdout) as { targets: Array<{ configChanged: boolean }>; notes: string[] };
    assert.equal(out.targets[0]?.configChanged, true);
    assert.ok(out.notes.some((n) => /rewritten as plain JSON/.test(n)));
    const list = (
      JSON.parse((await runCli(['backup', 'list', '--json'], h.env())).stdout) as { backups: BackupRecord[] }
    ).backups;
    const b = list.find((x) => x.file === cfg);
    assert.ok(b);
    assert.equal(await readFile(h.path(`.local/state/clawkeeper/backups/${b.id}.bak`), 'utf8'), original);
  });

  it('stores an API key as type api_key with --as-api-key, and records metadata without the token', async () => {
    const h = await home();
    await h.config(MODEL);
    const key = apiKey('as-key');
    const r = await runCli(['paste-token', '--as-api-key', '--profile-id', 'anthropic:work'], h.env(), key);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readJson(storePath(h))).profiles['anthropic:work'], {
      type: 'api_key',
      provider: 'anthropic',
      key,
    });
    const meta = await readFile(h.path('.local/state/clawkeeper/setup-tokens.json'), 'utf8');
    noLeak(meta, key);
    assert.equal(
      (JSON.parse(meta) as { tokens: Record<string, { kind: string }> }).tokens['anthropic:work']?.kind,
      'api_key',
    );
  });

  it('lands where the gateway reads first: the profile openclaw.json lists, in each configured agent, not a folder nobody runs', async () => {
    const h = await home();
    await h.config({
      ...MODEL,
      agents: { ...MODEL.agents, list: [{ id: 'main' }, { id: 'work' }] },
      auth: { profiles: { 'anthropic:team': { provider: 'anthropic', mode: 'token' } } },
    });
    await h.profiles('old', { version: 1, profiles: {} }); // an agent folder the gateway does not run
    const token = access('follows');
    const r = await runCli(['paste-token', '--json'], h.env(), `${token}\n`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const targets = (JSON.parse(r.stdout) as { targets: Array<{ agent: string; profileId: string }> })
      .targets;
    assert.deepEqual(
      targets.map((t) => [t.agent, t.profileId]),
      [
        ['main', 'anthropic:team'],
        ['work', 'anthropic:team'],
      ],
    );
    assert.equal((await readJson(storePath(h, 'main'))).profiles['anthropic:team']?.token, token);
    assert.deepEqual((await readJson(storePath(h, 'old'))).profiles, {});
    const status = JSON.parse((await runCli(['status', '--json'], h.env())).stdout) as {
      routes: Array<{ agent: string; sends: { profileId: string } | null }>;
    };
    assert.deepEqual(
      status.routes.map((x) => [x.agent, x.sends?.profileId]),
      [
        ['main', 'anthropic:team'],
        ['work', 'anthropic:team'],
      ],
    );
  });

  it('refuses to write when no OpenClaw install exists', async () => {
    const h = await home();
    const r = await runCli(['paste-token'], h.env(), access('none'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no OpenClaw install found/);
  });
});

describe('paste-token --verify against a local fake API (127.0.0.1)', () => {
  it('stores a token the API accepts, sending it as a Bearer with the OAuth headers', async () => {
    const tok = access('live');
    const api = await FakeAnthropicApi.start([tok]);
    try {
      const h = await home();
      await h.config(MODEL);
      const r = await runCli(
        ['paste-token', '--verify', '--json'],
        h.env({ CLAWKEEPER_API_BASE: api.base }),
        tok,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { verify: string }).verify, 'valid');
      const seen = api.seen[0];
      assert.equal(seen?.authorization, `Bearer ${tok}`);
      assert.equal(seen?.['anthropic-beta'], 'oauth-2025-04-20');
      assert.equal(seen?.['anthropic-version'], '2023-06-01');
    } finally {
      await api.close();
    }
  });

  it('refuses a token the API rejects with 401 and stores nothing', async () => {
    const api = await FakeAnthropicApi.start([]);
    try {
      const h = await home();
      await h.config(MODEL);
      const tok = access('dead');
      const r = await runCli(['paste-token', '--verify'], h.env({ CLAWKEEPER_API_BASE: api.base }), tok);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /rejected this token \(401\); nothing was stored/);
      noLeak(r.stdout + r.stderr, tok);
      assert.equal(await stat(storePath(h)).catch(() => null), null);
    } finally {
      await api.close();
    }
  });

  it('stores anyway and says so when the API cannot be reached (closed port)', async () => {
    const h = await home();
    await h.config(MODEL);
    const base = await closedPortBase();
    const r = await runCli(
      ['paste-token', '--verify', '--json'],
      h.env({ CLAWKEEPER_API_BASE: base }),
      access('x'),
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { verify: string; notes: string[] };
    assert.equal(out.verify, 'network-error');
    assert.ok(out.notes.some((n) => n.includes('Could not verify')));
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe(
  'paste-token on a terminal',
  { skip: hasScript ? false : 'util-linux `script` is not installed' },
  () => {
    it('asks at a hidden prompt and never echoes what is typed', async () => {
      const h = await home();
      await h.config(MODEL);
      const tok = access('tty');
      const env = { ...h.env(), CK_BIN: BIN, CK_NODE: process.execPath };
      // `script` gives the CLI a real pty; the token is typed after the prompt appears.
      const child = spawn('script', ['-qec', '"$CK_NODE" "$CK_BIN" paste-token', '/dev/null'], { env });
      let out = '';
      let typed = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!typed && out.includes('input hidden')) {
          typed = true;
          child.stdin.write(tok + '\r');
        }
      });
      const code = await new Promise<number | null>((r) => child.on('close', r));
      assert.equal(code, 0, out);
      assert.match(out, /Stored sk-ant-oat01-…/);
      noLeak(out, tok);
      assert.equal((await readJson(storePath(h))).profiles['anthropic:manual']?.token, tok);
    });
  },
);

const keyringReady = process.env.CLAWKEEPER_KEYRING_READY === '1';
const required = process.env.CLAWKEEPER_REQUIRE_KEYRING === '1';

describe(
  'the vault copy in a real Secret Service (gnome-keyring)',
  {
    skip:
      !keyringReady && !required ? 'no Secret Service session (run through scripts/with-keyring.sh)' : false,
  },
  () => {
    it('keeps the pasted token under setup-token:<profile id> and reads it back', async () => {
      const h = await home();
      await h.config(MODEL);
      const tok = access('vaulted');
      const profileId = `anthropic:vault-${process.pid}`;
      const bus = { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' };
      const r = await spawnCli(['paste-token', '--profile-id', profileId, '--json'], h.env(bus), tok);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { vault: string }).vault, 'stored');
      const vault = new NapiKeyringVault();
      assert.equal(await vault.get(`setup-token:${profileId}`), tok);
      assert.equal(await vault.delete(`setup-token:${profileId}`), true);
    });
  },
);

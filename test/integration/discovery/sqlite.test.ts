import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../../main/core/health/report.ts';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { access, DAY, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { NEEDS_SQLITE, writeAgentDb, writeSharedDb } from '../../helpers/openclaw-sqlite.ts';
import { BIN, runCli, runProcess } from '../../helpers/run-cli.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
async function home(version: string): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.config({
    meta: { lastTouchedVersion: version },
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
  });
  return h;
}
after(async () => Promise.all(homes.map((h) => h.cleanup())));

/** No openclaw CLI anywhere: whatever status says about a SQLite store, it read it directly. */
const noCli = (h: FixtureHome) =>
  h.env({ PATH: '/nonexistent', CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw' });

const tokenStore = (id: string, token: string, expires?: number) => ({
  version: 1,
  profiles: { [id]: { type: 'token', provider: 'anthropic', token, ...(expires ? { expires } : {}) } },
});

function cred(r: StatusReport, id: string) {
  const c = r.credentials.find((x) => x.id === id);
  assert.ok(c, `no ${id} in ${r.credentials.map((x) => x.id).join(', ')}`);
  return c;
}

describe('SQLite stores read directly (node:sqlite, read-only)', { skip: NEEDS_SQLITE }, () => {
  it('per-agent store (2026.6.5): an expired setup-token is expired, with its fingerprint', async () => {
    const h = await home('2026.6.5');
    const tok = access('sq1');
    await writeAgentDb(h.path('.openclaw/agents/main/agent/openclaw-agent.sqlite'), {
      store: tokenStore('anthropic:manual', tok, now - DAY),
    });
    const r = JSON.parse((await runCli(['status', '--json'], noCli(h))).stdout) as StatusReport;
    const c = cred(r, 'openclaw:main/anthropic:manual');
    assert.equal(c.state, 'expired');
    assert.equal(c.source, 'sqlite');
    assert.equal(c.fingerprint, fingerprintOf(tok));
    assert.equal(r.installs[0]?.generation, 'sqlite-agent');
    assert.equal(r.installs[0]?.readVia, 'sqlite');
    assert.deepEqual(r.installs[0]?.readNotes, []);
    assert.equal(r.exitCode, 1);
  });

  it('shared store (2026.9.6): the default agent from state/openclaw.sqlite, others from their own', async () => {
    const h = await home('2026.9.6');
    const main = access('sq-main');
    const work = access('sq-work');
    await writeSharedDb(h.path('.openclaw/state/openclaw.sqlite'), {
      store: tokenStore('anthropic:manual', main, now + 300 * DAY),
      state: { version: 1, usageStats: { 'anthropic:manual': { errorCount: 3, disabledUntil: now + DAY } } },
    });
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), {
      agentId: 'work',
      schemaVersion: 23,
      store: tokenStore('anthropic:work', work, now + 300 * DAY),
    });
    const raw = await runCli(['status', '--json'], noCli(h));
    const r = JSON.parse(raw.stdout) as StatusReport;
    assert.equal(cred(r, 'openclaw:main/anthropic:manual').fingerprint, fingerprintOf(main));
    assert.equal(cred(r, 'openclaw:work/anthropic:work').fingerprint, fingerprintOf(work));
    assert.equal(r.installs[0]?.generation, 'sqlite-shared');
    assert.equal(r.installs[0]?.readVia, 'sqlite');
  });

  it('keeps OpenClaw usage stats from the state row, with its own field names', async () => {
    const h = await home('2026.9.6');
    await writeSharedDb(h.path('.openclaw/state/openclaw.sqlite'), {
      store: tokenStore('anthropic:manual', access('sq-us'), now + 300 * DAY),
      state: {
        version: 1,
        order: { anthropic: ['anthropic:manual'] },
        usageStats: {
          'anthropic:manual': {
            errorCount: 3,
            failureCounts: { auth: 3 },
            disabledUntil: now + DAY,
            disabledReason: 'auth',
          },
        },
      },
    });
    const { discover } = await import('../../../main/core/discovery/discovery.ts');
    const { createAppContext } = await import('../../../main/compose/context.ts');
    const ctx = await createAppContext(noCli(h));
    const inv = await discover(ctx.deps);
    const agent = inv.installs[0]?.agents.find((a) => a.agentId === 'main');
    assert.equal(agent?.origin, 'sqlite');
    assert.ok(agent?.state.status === 'ok');
    assert.deepEqual(agent.state.value.usageStats?.['anthropic:manual'], {
      errorCount: 3,
      failureCounts: { auth: 3 },
      disabledUntil: now + DAY,
      disabledReason: 'auth',
    });
    assert.deepEqual(agent.state.value.order, { anthropic: ['anthropic:manual'] });
  });

  it('creates no file beside a database that has none, and reads a live WAL database', async () => {
    const h = await home('2026.7.35');
    const dir = h.path('.openclaw/agents/main/agent');
    await writeAgentDb(`${dir}/openclaw-agent.sqlite`, {
      store: tokenStore('anthropic:manual', access('w1')),
    });
    const before = (await readdir(dir)).sort();
    assert.deepEqual(before, ['openclaw-agent.sqlite']);
    await runCli(['status', '--json'], noCli(h));
    assert.deepEqual((await readdir(dir)).sort(), before);

    // a writer holding the database open in WAL mode, with a committed row still in the -wal
    const wdir = h.path('.openclaw/agents/work/agent');
    const live = await writeAgentDb(`${wdir}/openclaw-agent.sqlite`, {
      agentId: 'work',
      store: tokenStore('anthropic:work', access('w2')),
      keepOpen: true,
    });
    try {
      const sides = (await readdir(wdir)).sort();
      assert.deepEqual(sides, [
        'openclaw-agent.sqlite',
        'openclaw-agent.sqlite-shm',
        'openclaw-agent.sqlite-wal',
      ]);
      const r = JSON.parse((await runCli(['status', '--json'], noCli(h))).stdout) as StatusReport;
      assert.equal(cred(r, 'openclaw:work/anthropic:work').fingerprint, fingerprintOf(access('w2')));
      assert.deepEqual((await readdir(wdir)).sort(), sides);
    } finally {
      live?.close();
    }
  });

  it('legacy JSON beside an empty SQLite store is AUTH_PROFILE_MIGRATION_REQUIRED, as OpenClaw says', async () => {
    const h = await home('2026.9.6');
    await writeAgentDb(h.path('.openclaw/agents/main/agent/openclaw-agent.sqlite'), { schemaVersion: 23 });
    await h.profiles('main', tokenStore('anthropic:default', access('legacy-json')));
    const r = await runCli(['status', '--json', '--check'], noCli(h));
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as StatusReport;
    assert.match(cred(report, 'openclaw:main').reason, /AUTH_PROFILE_MIGRATION_REQUIRED/);
    assert.ok(report.findings.some((f) => f.check === 'retired-json-store' && f.severity === 'error'));
  });

  it('an unknown schema falls back to the openclaw CLI and says why in installs[]', async () => {
    const h = await home('2026.9.6');
    await writeAgentDb(h.path('.openclaw/agents/main/agent/openclaw-agent.sqlite'), {
      schemaVersion: 99,
      store: tokenStore('anthropic:manual', access('u1')),
    });
    const r = JSON.parse((await runCli(['status', '--json'], noCli(h))).stdout) as StatusReport;
    assert.equal(r.installs[0]?.readVia, 'unavailable');
    assert.match(r.installs[0]?.readNotes.join('\n') ?? '', /schema version 99 is newer/);
    const text = await runCli(['status'], noCli(h));
    assert.match(text.stdout, /note: .*schema version 99 is newer/, 'the table says why too');
    assert.ok(!r.credentials.some((c) => c.fingerprint === fingerprintOf(access('u1'))));
  });
});

describe('SQLite copies of the Claude login are judged like JSON copies', { skip: NEEDS_SQLITE }, () => {
  const login = async (h: FixtureHome, seed: string, expiresAt: number) => {
    const { claudeCredentials, refresh } = await import('../../helpers/fixture-home.ts');
    await h.claude(claudeCredentials({ access: access(seed), refresh: refresh(seed), expiresAt }));
  };

  it('a copy in a per-agent database that fell behind after a rotation is stale-copy (status remembers)', async () => {
    const h = await home('2026.7.35');
    // the gateway runs the agents of agents.list (else `main` alone): here `work`, from its own database
    await h.config({
      meta: { lastTouchedVersion: '2026.7.35' },
      agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } }, list: [{ id: 'work' }] },
    });
    await login(h, 'sr1', now + 7 * HOUR);
    await writeAgentDb(h.path('.openclaw/agents/work/agent/openclaw-agent.sqlite'), {
      agentId: 'work',
      store: tokenStore('anthropic:copy', access('sr1'), now + 7 * HOUR),
    });
    const first = JSON.parse((await runCli(['status', '--json'], noCli(h))).stdout) as StatusReport;
    assert.equal(cred(first, 'openclaw:work/anthropic:copy').state, 'ok');
    await login(h, 'sr2', now + 8 * HOUR); // Claude Code rotates; nobody synced
    const r = await runCli(['status', '--json', '--check'], noCli(h));
    const c = cred(JSON.parse(r.stdout) as StatusReport, 'openclaw:work/anthropic:copy');
    assert.equal(c.state, 'stale-copy', c.reason);
    assert.equal(r.code, 2);
  });

  it("OpenClaw's JSON-era anthropic:claude-cli copy carried into the shared database is stale-copy, not an expiring token", async () => {
    const h = await home('2026.9.6');
    await login(h, 'sr-now', now + 8 * HOUR);
    // `openclaw doctor --fix` imported the old copy; Clawkeeper never saw that token
    await writeSharedDb(h.path('.openclaw/state/openclaw.sqlite'), {
      schemaVersion: 18,
      store: tokenStore('anthropic:claude-cli', access('sr-before'), now + 2 * HOUR),
    });
    const r = await runCli(['status', '--json', '--check'], noCli(h));
    const report = JSON.parse(r.stdout) as StatusReport;
    const c = cred(report, 'openclaw:main/anthropic:claude-cli');
    assert.equal(c.source, 'sqlite');
    assert.equal(c.state, 'stale-copy', c.reason);
    assert.equal(c.owner, 'claude-code');
    assert.deepEqual(cred(report, 'claude-code').copies, ['openclaw:main/anthropic:claude-cli']);
    assert.equal(r.code, 2);
  });
});

describe('on a Node without node:sqlite', { skip: NEEDS_SQLITE }, () => {
  it('the built CLI falls back to the openclaw CLI with a note', async (t) => {
    const old = await runProcess('/usr/bin/node', ['--version'], {}).catch(() => null);
    const major = Number(/^v(\d+)/.exec(old?.stdout ?? '')?.[1] ?? 0);
    if (!old || major === 0 || major >= 22) return t.skip('no Node older than 22 at /usr/bin/node');
    const h = await home('2026.6.5');
    await writeAgentDb(h.path('.openclaw/agents/main/agent/openclaw-agent.sqlite'), {
      store: tokenStore('anthropic:manual', access('n20')),
    });
    const r = await runProcess('/usr/bin/node', [BIN, 'status', '--json'], noCli(h));
    const report = JSON.parse(r.stdout) as StatusReport;
    assert.match(
      report.installs[0]?.readNotes.join('\n') ?? '',
      /has no built-in SQLite .*read through the openclaw CLI/,
    );
    assert.equal(report.installs[0]?.readVia, 'unavailable');
  });
});

describe('sync into a SQLite store through the openclaw CLI', () => {
  it('shows the real error of a failed CLI call and exits 1', async () => {
    const h = await home('2026.9.6');
    await h.write('.openclaw/state/openclaw.sqlite', '');
    await h.claude(
      (await import('../../helpers/fixture-home.ts')).claudeCredentials({
        access: access('sync-cli'),
        refresh: access('sync-cli-r'),
        expiresAt: now + 6 * 3_600_000,
      }),
    );
    const standin = new URL('../../fakes/openclaw-standin.mjs', import.meta.url).pathname;
    const env = h.env({
      CLAWKEEPER_OPENCLAW_BIN: standin,
      OPENCLAW_FAKE_LOG: h.path('oc.json'),
      OPENCLAW_FAKE_EXIT: '1',
      OPENCLAW_FAKE_STDERR: "error: unknown option '--agent'",
    });
    // a known agent: link add refuses unknown ones (guarded targets)
    await mkdir(h.path('.openclaw/agents/work/agent'), { recursive: true });
    const add = await runCli(['link', 'add', '--agent', 'work', '--profile-id', 'anthropic:work'], env);
    assert.equal(add.code, 0, add.stderr);
    const r = await runCli(['sync'], env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /unknown option '--agent'/);
    assert.doesNotMatch(r.stdout + r.stderr, /unexpected error/);
  });
});

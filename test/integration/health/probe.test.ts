/**
 * The liveness probe against the local fake Anthropic API over real HTTP: a dead token with a
 * future expiry is found in one pass, nothing is probed twice within its window, network
 * trouble changes nothing, and the request is the one `paste-token --verify` sends.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FetchHttp } from '../../../main/adapters/node/fetch-http.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { discover } from '../../../main/core/discovery/discovery.ts';
import { EvidenceMemory } from '../../../main/core/health/evidence-memory.ts';
import { assess } from '../../../main/core/health/verdict.ts';
import { SettingsSchema } from '../../../main/core/settings/settings.ts';
import { verifyToken } from '../../../main/core/setup-token/verify-token.ts';
import { createAppContext } from '../../../main/compose/context.ts';
import type { LivenessProbe } from '../../../main/ports/probe.ts';
import { closedPortBase, FakeAnthropicApi } from '../../fakes/anthropic-api.ts';
import { access, DAY, FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const now = Date.now();
const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup) await c();
});

function probeOn(base: string): LivenessProbe {
  const http = new FetchHttp();
  return {
    async check(token) {
      const r = await verifyToken(http, base, token, { asApiKey: false, timeoutMs: 5000 });
      return r === 'valid' ? 'accepted' : r === 'invalid-bearer' ? 'rejected' : 'unreachable';
    },
  };
}

async function setup(dead: string, alive: string) {
  const h = await FixtureHome.create();
  const data = await mkdtemp(join(tmpdir(), 'ck-data-'));
  cleanup.push(
    () => h.cleanup(),
    () => rm(data, { recursive: true, force: true }),
  );
  await h.profiles('main', {
    profiles: {
      'anthropic:dead': { type: 'token', provider: 'anthropic', token: dead, expires: now + 300 * DAY },
      'anthropic:alive': { type: 'token', provider: 'anthropic', token: alive },
    },
  });
  const files = new NodeWritableFiles();
  const settings = SettingsSchema.parse({});
  const ctx = await createAppContext(h.env());
  const inv = () => discover(ctx.deps);
  return { h, data, files, settings, inv, memory: new EvidenceMemory(files, data) };
}

describe('liveness probe', () => {
  it('finds a dead token with a future expiry in one pass and probes nothing twice within its window', async () => {
    const dead = access('revoked');
    const alive = access('fine');
    const api = await FakeAnthropicApi.start([alive]);
    cleanup.push(() => api.close());
    const s = await setup(dead, alive);
    const deps = {
      now: () => now,
      settings: s.settings,
      lineage: null,
      memory: s.memory,
      probe: probeOn(api.base),
    };
    const first = await assess(await s.inv(), deps, { probe: 'due' });
    const c = first.report.credentials.find((x) => x.id === 'openclaw:main/anthropic:dead')!;
    assert.equal(c.state, 'needs-reauth');
    assert.match(c.reason, /Anthropic rejects this token/);
    assert.ok(c.evidence.includes('probe'));
    assert.equal(first.report.credentials.find((x) => x.id === 'openclaw:main/anthropic:alive')!.state, 'ok');
    assert.equal(api.seen.length, 2);
    // the request is paste-token --verify's: Bearer plus the OAuth beta header
    assert.match(api.seen[0]!.authorization ?? '', /^Bearer sk-ant-oat01-/);
    assert.equal(api.seen[0]!['anthropic-beta'], 'oauth-2025-04-20');
    // a second pass inside the window sends nothing and keeps the verdict
    const again = await assess(
      await s.inv(),
      { ...deps, memory: new EvidenceMemory(s.files, s.data) },
      { probe: 'due' },
    );
    assert.equal(api.seen.length, 2);
    assert.equal(
      again.report.credentials.find((x) => x.id === 'openclaw:main/anthropic:dead')!.state,
      'needs-reauth',
    );
    // after the window (or a wake-up) each is probed once more
    await assess(await s.inv(), { ...deps, now: () => now + 7 * 3_600_000 }, { probe: 'due' });
    assert.equal(api.seen.length, 4);
    await assess(
      await s.inv(),
      { ...deps, now: () => now + 7 * 3_600_000 },
      { probe: 'due', afterWake: true },
    );
    assert.equal(api.seen.length, 6);
    // results are kept by fingerprint only, 0600
    const file = join(s.data, 'probes.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(dead.slice(13, 40)) && !text.includes(alive.slice(13, 40)));
  });

  it('network down changes nothing; a setting turns the keeper probe off', async () => {
    const s = await setup(access('d2'), access('a2'));
    const base = await closedPortBase();
    const deps = {
      now: () => now,
      settings: s.settings,
      lineage: null,
      memory: s.memory,
      probe: probeOn(base),
    };
    const r = await assess(await s.inv(), deps, { probe: 'due' });
    assert.equal(r.probes.unreachable, 2);
    assert.equal(r.report.credentials.find((x) => x.id === 'openclaw:main/anthropic:dead')!.state, 'ok');
    const off = SettingsSchema.parse({ probe: { enabled: false } });
    const r2 = await assess(await s.inv(), { ...deps, settings: off }, { probe: 'due' });
    assert.equal(r2.probes.probed, 0);
  });

  it('status --probe probes every token on demand through CLAWKEEPER_API_BASE', async () => {
    const alive = access('cli-alive');
    const api = await FakeAnthropicApi.start([alive]);
    cleanup.push(() => api.close());
    const h = await FixtureHome.create();
    cleanup.push(() => h.cleanup());
    await h.profiles('main', {
      profiles: {
        'anthropic:a': { type: 'token', provider: 'anthropic', token: alive, expires: now + 300 * DAY },
        'anthropic:b': {
          type: 'token',
          provider: 'anthropic',
          token: access('cli-dead'),
          expires: now + 300 * DAY,
        },
      },
    });
    const r = await runCli(['status', '--probe', '--check'], h.env({ CLAWKEEPER_API_BASE: api.base }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /probed 2 token\(s\): 1 accepted, 1 rejected/);
    assert.match(r.stdout, /Anthropic rejects this token/);
    // without --probe, status reads the remembered result and sends nothing
    const seen = api.seen.length;
    const r2 = await runCli(['status', '--check'], h.env({ CLAWKEEPER_API_BASE: api.base }));
    assert.equal(r2.code, 1);
    assert.equal(api.seen.length, seen);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FetchHttp } from '../../../main/adapters/node/fetch-http.ts';
import { HttpUsageEndpoint } from '../../../main/adapters/node/http-usage-endpoint.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import { UsageMemory } from '../../../main/core/usage/usage-memory.ts';
import { readUsage } from '../../../main/core/usage/usage-reader.ts';
import { readingOf } from '../../../main/core/usage/usage-policy.ts';
import { closedPortBase } from '../../fakes/anthropic-api.ts';
import { FakeUsageApi, usageBody, win } from '../../fakes/fake-usage-api.ts';
import { access } from '../../helpers/fixture-home.ts';

const MIN = 60_000;
const H = 60 * MIN;
const INTERVAL = 5 * MIN;
const api = new FakeUsageApi();
const dirs: string[] = [];
let base = '';
before(async () => {
  base = await api.start();
});
after(async () => {
  await api.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function setup(at = Date.now()) {
  const dir = await mkdtemp(join(tmpdir(), 'ck-usage-'));
  dirs.push(dir);
  let now = at;
  const files = new NodeWritableFiles({ blocking: false });
  const endpoint = new HttpUsageEndpoint(new FetchHttp(), {
    apiBase: base,
    userAgent: 'claude-cli/2.1 (external, cli)',
    timeoutMs: 5000,
  });
  const memory = new UsageMemory(files, dir);
  return {
    dir,
    memory,
    endpoint,
    deps: { endpoint, memory, now: () => now },
    tick: (ms: number) => (now += ms),
    now: () => now,
  };
}

describe('usage reader against the fake endpoint on 127.0.0.1', () => {
  it("sends Claude Code's request: GET /api/oauth/usage, Bearer, the OAuth beta header, JSON, claude-cli UA", async () => {
    const token = access('usage-req');
    const t0 = Date.now();
    api.accounts.set(token, usageBody({ session: win(42, t0 + 3 * H), week: win(63, t0 + 90 * H) }));
    const s = await setup(t0);
    const before = api.log.length;
    const r = await readUsage(
      s.deps,
      [
        {
          fingerprint: new Secret(token).fingerprint,
          token: new Secret(token),
          credentials: ['claude-code'],
        },
      ],
      {
        intervalMs: INTERVAL,
      },
    );
    const req = api.log[before]!;
    assert.equal(req.method, 'GET');
    assert.equal(req.url, '/api/oauth/usage');
    assert.equal(req.headers.authorization, `Bearer ${token}`);
    assert.equal(req.headers['anthropic-beta'], 'oauth-2025-04-20');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.match(String(req.headers['user-agent']), /^claude-cli\/2\.1/);
    assert.equal(req.body, '', 'no body: nothing but the header carries the token');
    const rec = r.records.get(new Secret(token).fingerprint)!;
    assert.deepEqual(
      rec.good?.snapshot.windows.map((w) => [w.label, w.percent]),
      [
        ['Session', 42],
        ['Week', 63],
      ],
    );
  });

  it('reads one login once per interval, across two readers sharing the data dir', async () => {
    const token = access('usage-once');
    api.accounts.set(token, usageBody({ session: win(10, Date.now() + H) }));
    const a = await setup();
    const b = {
      ...a,
      deps: { ...a.deps, memory: new UsageMemory(new NodeWritableFiles({ blocking: true }), a.dir) },
    };
    const login = [
      { fingerprint: new Secret(token).fingerprint, token: new Secret(token), credentials: ['x'] },
    ];
    const count = () => api.reads.filter((l) => l.headers.authorization === `Bearer ${token}`).length;
    await readUsage(a.deps, login, { intervalMs: INTERVAL });
    await readUsage(b.deps, login, { intervalMs: INTERVAL });
    a.tick(4 * MIN);
    await readUsage(a.deps, login, { intervalMs: INTERVAL });
    assert.equal(count(), 1, "the second reader used the first one's reading");
    a.tick(MIN);
    await readUsage(b.deps, login, { intervalMs: INTERVAL });
    assert.equal(count(), 2, 'due again after the interval');
    await readUsage(a.deps, login, { intervalMs: INTERVAL, force: true });
    assert.equal(count(), 3, 'on demand reads at once');
    const file = join(a.dir, 'usage.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(token) && !text.includes(token.slice(13, 37)), 'the memory holds no token');
  });

  it('turns 429 (retry-after 0), 401, 403, 503, an error body and a closed port into "unknown", never a throw', async () => {
    const token = access('usage-fail');
    const setupOnly = access('usage-setup-token');
    api.accounts.set(token, usageBody({ session: win(1, Date.now() + H) }));
    api.inferenceOnly.add(setupOnly);
    const s = await setup();
    const one = async (t: string, base_ = base) => {
      const ep = new HttpUsageEndpoint(new FetchHttp(), { apiBase: base_, userAgent: 'x', timeoutMs: 3000 });
      return ep.read(new Secret(t));
    };
    api.rateLimitNext = 1;
    const limited = await one(token);
    assert.deepEqual(limited.kind === 'rate-limited' && limited.retryAfterMs, 0);
    assert.equal((await one(access('nobody'))).kind, 'rejected');
    assert.equal((await one(setupOnly)).kind, 'rejected');
    api.failNext = 1;
    assert.equal((await one(token)).kind, 'unavailable');
    assert.equal((await one(token, await closedPortBase())).kind, 'unavailable');
    const refused = await one(token, 'http://example.com');
    assert.equal(refused.kind, 'unavailable');
    assert.match(refused.kind === 'unavailable' ? refused.detail : '', /only https/);
    api.accounts.set(token, { error: { type: 'rate_limit_error', message: 'Rate limited' } });
    const login = [
      { fingerprint: new Secret(token).fingerprint, token: new Secret(token), credentials: ['c'] },
    ];
    const r = await readUsage(s.deps, login, { intervalMs: INTERVAL });
    const reading = readingOf(
      login[0]!.fingerprint,
      ['c'],
      r.records.get(login[0]!.fingerprint) ?? null,
      s.now(),
      INTERVAL,
    );
    assert.equal(reading.status, 'unknown');
    assert.match(reading.reason ?? '', /error instead of usage/);
  });
});

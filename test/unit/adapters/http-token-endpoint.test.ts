import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpTokenEndpoint, retryAfterMs } from '../../../main/adapters/node/http-token-endpoint.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';

describe('the token endpoint client against the local fake', () => {
  const fake = new FakeTokenEndpoint();
  let client: HttpTokenEndpoint;
  before(async () => {
    client = new HttpTokenEndpoint({
      url: await fake.start(),
      clientId: 'test-client',
      userAgent: 'clawkeeper-test/1',
      timeoutMs: 2000,
    });
  });
  after(() => fake.stop());

  it('gets new tokens, and the old refresh token is dead afterwards (rotation)', async () => {
    const rt = new Secret(fake.issue());
    const first = await client.refresh(rt, ['user:inference']);
    assert.equal(first.kind, 'ok');
    if (first.kind !== 'ok') return;
    assert.match(first.grant.access.reveal(), /^sk-ant-oat01-/);
    assert.ok(first.grant.refresh && !first.grant.refresh.equals(rt));
    assert.equal(first.grant.expiresInSec, 28_800);
    const again = await client.refresh(rt, []);
    assert.deepEqual(again.kind, 'rejected');
    if (again.kind === 'rejected') assert.equal(again.error, 'invalid_grant');
    assert.equal(fake.userAgents.at(-1), 'clawkeeper-test/1');
  });

  it('treats 429 as transient and passes on Retry-After', async () => {
    fake.fail429 = 1;
    fake.retryAfterSec = 7;
    const r = await client.refresh(new Secret(fake.issue()), []);
    assert.equal(r.kind, 'transient');
    if (r.kind === 'transient') {
      assert.equal(r.status, 429);
      assert.equal(r.retryAfterMs, 7000);
    }
  });

  it('treats 5xx as transient', async () => {
    fake.fail5xx = 1;
    assert.equal((await client.refresh(new Secret(fake.issue()), [])).kind, 'transient');
  });

  it('times out a slow answer as transient', async () => {
    fake.delayMs = 300;
    const slow = new HttpTokenEndpoint({ url: fake.url, clientId: 'c', userAgent: 'u', timeoutMs: 100 });
    const r = await slow.refresh(new Secret(fake.issue()), []);
    fake.delayMs = 0;
    assert.equal(r.kind, 'transient');
    if (r.kind === 'transient') assert.match(r.error, /no answer within 100 ms/);
  });

  it('reports a closed port as a network error without the token', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const rt = fake.issue();
    const r = await new HttpTokenEndpoint({
      url: `http://127.0.0.1:${port}/v1/oauth/token`,
      clientId: 'c',
      userAgent: 'u',
      timeoutMs: 1000,
    }).refresh(new Secret(rt), []);
    assert.equal(r.kind, 'transient');
    assert.ok(!JSON.stringify(r).includes(rt));
  });

  it('parses Retry-After as seconds or a date', () => {
    assert.equal(retryAfterMs('12'), 12_000);
    assert.equal(
      retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1)),
      60_000,
    );
    assert.equal(retryAfterMs(null), null);
  });
});

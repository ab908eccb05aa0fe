import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const fake = new FakeTokenEndpoint();
let url = '';
let h: FixtureHome;
before(async () => {
  url = await fake.start();
  h = await FixtureHome.create();
});
after(async () => {
  await fake.stop();
  await h.cleanup();
});

describe('Retry-After in one-shot commands', () => {
  it('a 429 with Retry-After keeps the next cron run from asking again before that time; --force overrides', async () => {
    await h.claude(
      claudeCredentials({ access: access('ra'), refresh: fake.issue(), expiresAt: Date.now() + 10 * 60_000 }),
    );
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: url });
    fake.fail429 = 1;
    fake.retryAfterSec = 600;
    assert.equal((await runCli(['refresh'], env)).code, 75);
    assert.equal(fake.log.length, 1);
    const again = await runCli(['refresh'], env);
    assert.equal(again.code, 75);
    assert.match(again.stderr, /asked to wait until/);
    const sync = await runCli(['sync'], env);
    assert.match(sync.stderr, /asked to wait until/);
    assert.equal(fake.log.length, 1, 'no request before the time the endpoint gave');
    const forced = await runCli(['refresh', '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(fake.refreshes, 1);
    assert.equal((await runCli(['refresh'], env)).stderr, '', 'the wait is over once a refresh worked');
  });
});

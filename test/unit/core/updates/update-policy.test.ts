import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHECK_EVERY_MS,
  createUpdater,
  FIRST_CHECK_MS,
  INITIAL_UPDATE_STATE,
  nextUpdateCheck,
} from '../../../../main/core/updates/update-policy.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { FakeUpdateFeed } from '../../../fakes/fake-update-feed.ts';

const MIN = 60_000;
const noop = () => {};
const logger = { debug: noop, info: noop, warn: noop, error: noop };

describe('update policy', () => {
  const table: Array<[string, Parameters<typeof nextUpdateCheck>, number | null]> = [
    ['off when the setting is off', [INITIAL_UPDATE_STATE, false], null],
    ['first check 5 min after start', [INITIAL_UPDATE_STATE, true], FIRST_CHECK_MS],
    ['then every 6 h', [{ checked: true, failures: 0, offered: null }, true], CHECK_EVERY_MS],
    ['30 min after one failure', [{ checked: true, failures: 1, offered: null }, true], 30 * MIN],
    ['doubling after more', [{ checked: true, failures: 3, offered: null }, true], 120 * MIN],
    ['capped at 6 h', [{ checked: true, failures: 20, offered: null }, true], CHECK_EVERY_MS],
    ['none once a version is offered', [{ checked: true, failures: 0, offered: '0.2.0' }, true], null],
  ];
  for (const [name, args, inMs] of table)
    it(name, () => assert.equal(nextUpdateCheck(...args)?.inMs ?? null, inMs));
});

describe('updater through the port', () => {
  const setup = (enabled = () => true) => {
    const clock = new FakeClock();
    const feed = new FakeUpdateFeed();
    const offers: Array<{ version: string; install: () => void }> = [];
    const u = createUpdater({
      feed,
      clock,
      logger,
      enabled,
      offer: (version, install) => offers.push({ version, install }),
    });
    return { clock, feed, offers, u };
  };

  it('checks after start, downloads a newer version, offers it once and installs on request', async () => {
    const { clock, feed, offers, u } = setup();
    feed.answers.push(null, '0.2.0');
    u.schedule();
    await clock.advance(FIRST_CHECK_MS);
    assert.deepEqual(feed.calls, ['check']);
    assert.equal(offers.length, 0);
    await clock.advance(CHECK_EVERY_MS);
    assert.deepEqual(feed.calls, ['check', 'check', 'download']);
    assert.deepEqual(
      offers.map((o) => o.version),
      ['0.2.0'],
    );
    await clock.advance(10 * CHECK_EVERY_MS);
    assert.equal(feed.calls.length, 3, 'no more checks once offered');
    offers[0]?.install();
    assert.equal(feed.calls.at(-1), 'install');
  });

  it('backs off while the feed is unreachable, and never throws', async () => {
    const { clock, feed, offers, u } = setup();
    feed.answers.push(new Error('getaddrinfo ENOTFOUND github.com'), new Error('offline'), '0.3.0');
    u.schedule();
    await clock.advance(FIRST_CHECK_MS);
    assert.equal(u.state.failures, 1);
    await clock.advance(30 * MIN);
    assert.equal(u.state.failures, 2);
    await clock.advance(59 * MIN);
    assert.equal(feed.calls.filter((c) => c === 'check').length, 2, 'the second retry waits 60 min');
    await clock.advance(1 * MIN);
    assert.deepEqual(
      offers.map((o) => o.version),
      ['0.3.0'],
    );
  });

  it('the updates.check setting turns it off, even for a check already planned', async () => {
    let on = true;
    const { clock, feed, u } = setup(() => on);
    u.schedule();
    on = false;
    await clock.advance(FIRST_CHECK_MS);
    assert.deepEqual(feed.calls, []);
    assert.equal(await u.checkNow(), 'disabled');
    u.schedule();
    assert.equal(clock.pending, 0);
  });

  it('stop() cancels the planned check', async () => {
    const { clock, feed, u } = setup();
    u.schedule();
    u.stop();
    await clock.advance(CHECK_EVERY_MS);
    assert.deepEqual(feed.calls, []);
  });
});

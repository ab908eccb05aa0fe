/**
 * The new pair reaches the refresh journal in the same turn as the endpoint's answer: the HTTP
 * adapter hands the parsed grant to the refresher's callback before its promise settles, and the
 * journal file is in place (synchronous write and rename) when that callback returns, before any
 * await, log line or other work. The crash suite (`crash.test.ts`) measures what remains.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { HttpTokenEndpoint } from '../../../main/adapters/node/http-token-endpoint.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { SystemClock } from '../../../main/adapters/node/system-clock.ts';
import { ClaudeLoginStore } from '../../../main/core/discovery/claude-login-store.ts';
import { RefreshJournal } from '../../../main/core/keeper/refresh-journal.ts';
import { refreshClaudeLogin } from '../../../main/core/keeper/refresher.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import type { TokenEndpoint, TokenGrant } from '../../../main/ports/token-endpoint.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../../helpers/fixture-home.ts';

const fake = new FakeTokenEndpoint();
const homes: FixtureHome[] = [];
before(() => fake.start());
after(async () => {
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const endpoint = () =>
  new HttpTokenEndpoint({ url: fake.url, clientId: 'c', userAgent: 'clawkeeper-test', timeoutMs: 5000 });

describe('the journal is written the moment the answer is read', () => {
  it('the HTTP adapter hands the grant to onGrant before its promise settles, and only for a grant', async () => {
    const events: string[] = [];
    let given: TokenGrant | null = null;
    const rt = fake.issue();
    const p = endpoint().refresh(new Secret(rt), [], (g) => {
      given = g;
      events.push('grant');
    });
    void p.then(() => events.push('settled'));
    const r = await p;
    assert.equal(r.kind, 'ok');
    assert.deepEqual(events, ['grant', 'settled']);
    assert.equal(
      (given as TokenGrant | null)?.access.fingerprint,
      r.kind === 'ok' ? r.grant.access.fingerprint : '',
    );
    let called = false;
    const spent = await endpoint().refresh(new Secret(rt), [], () => (called = true));
    assert.equal(spent.kind, 'rejected');
    assert.equal(called, false, 'an invalid_grant is no grant');
  });

  it('a grant that throws in onGrant is still returned', async () => {
    const r = await endpoint().refresh(new Secret(fake.issue()), [], () => {
      throw new Error('disk full');
    });
    assert.equal(r.kind, 'ok');
  });

  it('the refresher has the journal on disk when onGrant returns, before the endpoint settles', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const rt = fake.issue();
    const creds = await h.claude(
      claudeCredentials({ access: access('cb'), refresh: rt, expiresAt: Date.now() + 10 * 60_000 }),
    );
    const files = new NodeWritableFiles();
    const journal = new RefreshJournal(files, h.path('data'));
    const seen: Array<{ journal: boolean; store: string }> = [];
    const real = endpoint();
    // the real adapter, watched: what is on disk the instant its callback returns
    const watched: TokenEndpoint = {
      refresh: (token, scopes, onGrant) =>
        real.refresh(token, scopes, (g) => {
          onGrant?.(g);
          seen.push({ journal: existsSync(journal.path), store: readFileSync(creds, 'utf8') });
        }),
    };
    const store = new ClaudeLoginStore(
      { source: 'file', location: creds },
      {
        files,
        keychain: null,
        env: { platform: 'linux', home: h.home, user: 'tester', uid: null, vars: { HOME: h.home } },
      },
    );
    const clock = new SystemClock();
    const r = await refreshClaudeLogin({ locks: new NodeLocks(), endpoint: watched, clock, journal }, store, {
      leadMs: 60 * 60_000,
      force: false,
    });
    assert.equal(r.kind, 'refreshed');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.journal, true, 'the journal was in place when the callback returned');
    assert.match(seen[0]!.store, new RegExp(rt), 'and the store not yet written');
    const stored = JSON.parse(await readFile(creds, 'utf8')) as { claudeAiOauth: { refreshToken: string } };
    assert.ok(fake.isLive(stored.claudeAiOauth.refreshToken));
    assert.equal(existsSync(journal.path), false, 'removed once the store holds the pair');
  });
});

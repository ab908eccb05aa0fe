import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { classifyToken, type TokenClass } from '../../../../main/core/formats/token.ts';
import { fingerprintOf, maskOf, Secret } from '../../../../main/core/kernel/secret.ts';
import { access, apiKey, fakeToken, refresh } from '../../../helpers/fixture-home.ts';

describe('classifyToken', () => {
  const acc = access('a');
  const cases: Array<[string, string, TokenClass]> = [
    ['an access token', acc, 'access-token'],
    ['an access token with a trailing newline', acc + '\n', 'access-token'],
    ['a refresh token', refresh('r'), 'refresh-token'],
    ['an API key', apiKey('k'), 'api-key'],
    ['an admin key', fakeToken('sk-ant-admin01-', 'x'), 'admin-key'],
    ['a code#state paste', 'abcDEF123456#statestatestate', 'code-state'],
    ['a token with a line break inside', acc.slice(0, 40) + '\n' + acc.slice(40), 'whitespace-damaged'],
    ['a token with a space inside', acc.slice(0, 50) + ' ' + acc.slice(50), 'whitespace-damaged'],
    ['a truncated access token', acc.slice(0, 60), 'too-short'],
    ['a quoted token', `"${acc}"`, 'stray-characters'],
    ['an unknown prefix', 'ghp_' + 'x'.repeat(60), 'unknown'],
    ['an empty string', '   ', 'empty'],
  ];
  for (const [name, value, expected] of cases) {
    it(`calls ${name} "${expected}"`, () => assert.equal(classifyToken(value).class, expected));
  }

  it('normalises away every whitespace character', () => {
    const broken = acc.slice(0, 30) + '\r\n  ' + acc.slice(30) + '\n';
    const a = classifyToken(broken);
    assert.equal(a.normalized, acc);
    assert.equal(a.kind, 'oauth-access');
    assert.equal(a.hadWhitespace, true);
  });
});

describe('Secret', () => {
  const value = access('secret-test');
  const s = new Secret(value);

  it('never prints its value through String, JSON or inspect', () => {
    assert.equal(String(s), '[REDACTED]');
    assert.equal(`${String(s)}`, '[REDACTED]');
    assert.equal(String([s]), '[REDACTED]');
    assert.ok(!JSON.stringify({ s }).includes(value.slice(13)));
    assert.ok(!inspect({ nested: { s } }, { depth: 5 }).includes(value.slice(13)));
    assert.ok(!inspect(s, { showHidden: true }).includes(value.slice(13)));
  });

  it('reveals the value only on request', () => assert.equal(s.reveal(), value));

  it('has a short stable sha256 fingerprint that differs between tokens', () => {
    assert.match(s.fingerprint, /^sha256:[0-9a-f]{12}$/);
    assert.equal(s.fingerprint, fingerprintOf(value));
    assert.notEqual(s.fingerprint, new Secret(access('other')).fingerprint);
  });

  it('masks as prefix plus the last four characters', () => {
    assert.equal(maskOf(value), `sk-ant-oat01-…${value.slice(-4)}`);
    assert.equal(maskOf('short'), '…(5 chars)');
    assert.equal(maskOf('x'.repeat(30)), `…${'xxxx'}`);
  });
});

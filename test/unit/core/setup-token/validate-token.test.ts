import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  intakeToken,
  parseExpiresIn,
  validateToken,
} from '../../../../main/core/setup-token/validate-token.ts';
import { access, apiKey, fakeToken, refresh } from '../../../helpers/fixture-home.ts';

const tok = access('intake');

describe('validateToken', () => {
  const refused: Array<[string, string, RegExp]> = [
    [
      'a code#state paste',
      'Ab12Cd34Ef56Gh78Ij90#st4te5tr1ngst4te',
      /authorization code.*claude setup-token.*sk-ant-oat01-/,
    ],
    ['a refresh token', refresh('r'), /refresh token/],
    ['an API key', apiKey('k'), /Console API key.*--as-api-key/],
    ['an admin key', fakeToken('sk-ant-admin01-', 'adm'), /Admin API key/],
    ['a truncated token', tok.slice(0, 50), /truncated \(50 characters; a setup-token has at least 80\)/],
    ['an unknown prefix', 'ghp_' + 'x'.repeat(60), /does not look like an Anthropic token/],
    ['a quoted token', `"${tok}"`, /quotes/],
    ['an empty paste', '  \n ', /nothing was pasted/],
  ];
  const messages = new Set<string>();
  for (const [name, raw, expected] of refused) {
    it(`refuses ${name} with its own message and never echoes it`, () => {
      const v = validateToken(raw);
      assert.equal(v.ok, false);
      assert.match(v.message, expected);
      const body = raw.trim().slice(13, 40);
      if (body.length > 8) assert.ok(!JSON.stringify(v).includes(body), 'the verdict echoes the paste');
      assert.ok(!messages.has(v.message), 'two classes share a message');
      messages.add(v.message);
    });
  }

  it('refuses a token wrapped in markup as stray characters', () => {
    const v = validateToken(`<code>${tok}</code>`);
    assert.equal(v.class, 'stray-characters');
    assert.equal(v.masked, null);
  });

  it('accepts a setup-token and a trailing newline without calling it repaired', () => {
    const v = validateToken(tok + '\n');
    assert.deepEqual([v.ok, v.class, v.repaired, v.suggestion], [true, 'access-token', false, null]);
    assert.equal(v.masked, `sk-ant-oat01-…${tok.slice(-4)}`);
  });

  it('strips line breaks and spaces inside the paste and reports the repair', () => {
    const r = intakeToken(`  ${tok.slice(0, 40)}\r\n${tok.slice(40, 70)} ${tok.slice(70)}\n`);
    assert.equal(r.verdict.ok, true);
    assert.equal(r.verdict.repaired, true);
    assert.match(r.verdict.message, /line breaks inside it were removed/);
    assert.equal(r.token?.reveal(), tok);
  });

  it('suggests storing an API key as one, and accepts it with asApiKey', () => {
    assert.equal(validateToken(apiKey('k')).suggestion, 'store-as-api-key');
    assert.equal(validateToken(apiKey('k'), { asApiKey: true }).ok, true);
    assert.equal(validateToken(tok, { asApiKey: true }).ok, false);
  });
});

describe('parseExpiresIn', () => {
  it('reads days, hours and never, and rejects the rest', () => {
    assert.equal(parseExpiresIn('365d'), 365);
    assert.equal(parseExpiresIn('30'), 30);
    assert.equal(parseExpiresIn('12h'), 0.5);
    assert.equal(parseExpiresIn('never'), null);
    assert.equal(parseExpiresIn('soon'), undefined);
    assert.equal(parseExpiresIn('-3d'), undefined);
  });
});

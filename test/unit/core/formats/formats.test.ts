import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loginOf, parseClaudeCredentials } from '../../../../main/core/formats/claude-credentials.ts';
import {
  normalizeProfile,
  parseAuthProfiles,
  parseAuthState,
  parseLegacyOauth,
} from '../../../../main/core/formats/auth-profiles.ts';
import { modeAccepts, parseOpenClawConfig } from '../../../../main/core/formats/openclaw-config.ts';
import { access, apiKey, claudeCredentials, refresh } from '../../../helpers/fixture-home.ts';

describe("Claude Code's credentials", () => {
  it('parses a login and keeps fields it does not know', () => {
    const file = claudeCredentials({
      access: access('a'),
      refresh: refresh('r'),
      expiresAt: 1795312600000,
      extra: { futureSection: { x: 1 } },
    });
    (file.claudeAiOauth as Record<string, unknown>).newField = 'kept';
    const r = parseClaudeCredentials(JSON.stringify(file));
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(r.value)), file);
    const login = loginOf(r.value);
    assert.equal(login?.expiresAt, 1795312600000);
    assert.equal(login?.subscriptionType, 'max');
    assert.equal(login?.access?.reveal(), access('a'));
    assert.equal(login?.blanked, false);
  });

  it('recognises the blanked login Claude Code leaves after a rejected refresh', () => {
    const r = parseClaudeCredentials(
      JSON.stringify({
        claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, subscriptionType: 'max' },
      }),
    );
    assert.ok(r.ok);
    assert.equal(loginOf(r.value)?.blanked, true);
  });

  it('reports malformed JSON with a position and without quoting the content', () => {
    const text = `{"claudeAiOauth": {"accessToken": "${access('leak')}", `;
    const r = parseClaudeCredentials(text);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.error, /invalid JSON/);
      assert.ok(!r.error.includes('sk-ant'));
    }
  });

  it('reports a wrong shape by path', () => {
    const r = parseClaudeCredentials(
      JSON.stringify({ claudeAiOauth: { accessToken: 5, expiresAt: 'soon' } }),
    );
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /claudeAiOauth\.accessToken/);
  });
});

describe('auth-profiles.json', () => {
  it('applies the mode and apiKey fallbacks of old files', () => {
    const r = parseAuthProfiles(
      JSON.stringify({
        version: 1,
        profiles: { 'anthropic:old': { mode: 'api_key', provider: 'anthropic', apiKey: apiKey('k') } },
      }),
    );
    assert.ok(r.ok);
    const p = normalizeProfile('anthropic:old', r.value.profiles['anthropic:old']!);
    assert.equal(p.type, 'api_key');
    assert.equal(p.value?.reveal(), apiKey('k'));
  });

  it('reads oauth, token and expiry fields, and keeps unknown keys at every level', () => {
    const store = {
      version: 1,
      profiles: {
        'anthropic:claude-cli': {
          type: 'oauth',
          provider: 'anthropic',
          access: access('a'),
          refresh: refresh('r'),
          expires: 1795312600000,
          email: 'x@y',
          custom: true,
        },
        'anthropic:default': { type: 'token', provider: 'anthropic', token: access('t') },
      },
      order: { anthropic: ['anthropic:default'] },
      somethingNew: [1, 2],
    };
    const r = parseAuthProfiles(JSON.stringify(store));
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(r.value)), store);
    const oauth = normalizeProfile('anthropic:claude-cli', r.value.profiles['anthropic:claude-cli']!);
    assert.equal(oauth.refresh?.reveal(), refresh('r'));
    assert.equal(oauth.expires, 1795312600000);
    assert.equal(normalizeProfile('anthropic:default', r.value.profiles['anthropic:default']!).expires, null);
  });

  it('refuses a store without profiles', () => {
    const r = parseAuthProfiles('{"version":1}');
    assert.equal(r.ok, false);
  });

  it('parses auth-state.json and the legacy oauth.json', () => {
    assert.ok(
      parseAuthState(
        JSON.stringify({ version: 1, order: { anthropic: ['a'] }, lastGood: { anthropic: 'a' } }),
      ).ok,
    );
    const legacy = parseLegacyOauth(
      JSON.stringify({
        anthropic: { access: access('l'), refresh: refresh('l'), expires: 5, scopes: ['x'] },
      }),
    );
    assert.ok(legacy.ok);
    if (legacy.ok) assert.deepEqual(legacy.value.anthropic?.scopes, ['x']);
  });
});

describe('openclaw.json', () => {
  it('is read as JSON5 (comments, trailing commas, unquoted keys)', () => {
    const r = parseOpenClawConfig(`{
      // my gateway
      auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'token', }, }, order: { anthropic: ['anthropic:default'] } },
      gateway: { port: 18789 },
    }`);
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.value.auth?.profiles?.['anthropic:default']?.mode, 'token');
      assert.deepEqual((r.value as Record<string, unknown>).gateway, { port: 18789 });
    }
  });

  it("applies OpenClaw's mode/type rule", () => {
    assert.equal(modeAccepts('token', 'token'), true);
    assert.equal(modeAccepts('token', 'oauth'), false);
    assert.equal(modeAccepts('oauth', 'token'), true);
    assert.equal(modeAccepts('api_key', 'token'), false);
  });
});

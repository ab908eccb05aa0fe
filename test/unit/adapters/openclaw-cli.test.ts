import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractJson, profilesIn } from '../../../main/adapters/openclaw-cli/openclaw-cli.ts';

const fixture = (version: string, kase: string, file: string) =>
  readFileSync(
    new URL(`../../fixtures/interop/openclaw-${version}/${kase}/${file}`, import.meta.url),
    'utf8',
  );

describe('reading `openclaw models status --json` as captured from the real programs', () => {
  for (const version of ['2026.6.1', '2026.9.6']) {
    it(`finds the profile, its type, status and expiry (${version}, token with 300 days)`, () => {
      const profiles = profilesIn(
        extractJson(
          fixture(
            version,
            'c-token-300d',
            version === '2026.9.6' ? 'after-doctor-status-json.stdout' : 'status-json.stdout',
          ),
        ),
      );
      assert.equal(profiles.length, 1);
      assert.equal(profiles[0]?.profileId, 'anthropic:manual');
      assert.equal(profiles[0]?.type, 'token');
      assert.equal(profiles[0]?.status, 'ok');
      assert.ok((profiles[0]?.expiresAt ?? 0) > Date.parse('2027-01-01'));
    });
  }

  it('reads an expired token without expiresAt as expired', () => {
    const [p] = profilesIn(extractJson(fixture('2026.6.1', 'e-token-expired', 'status-json.stdout')));
    assert.equal(p?.status, 'expired');
    assert.equal(p?.expiresAt, null);
  });

  it('finds no JSON in an empty output', () => assert.equal(extractJson(''), null));
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { OpenClawCliAdapter, profilesIn } from '../../../main/adapters/openclaw-cli/openclaw-cli.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import { access } from '../../helpers/fixture-home.ts';
import { jsonIn } from '../../../main/core/kernel/json-in.ts';

const fixture = (version: string, kase: string, file: string) =>
  readFileSync(
    new URL(`../../fixtures/interop/openclaw-${version}/${kase}/${file}`, import.meta.url),
    'utf8',
  );

describe('reading `openclaw models status --json` as captured from the real programs', () => {
  for (const version of ['2026.6.1', '2026.9.6']) {
    it(`finds the profile, its type, status and expiry (${version}, token with 300 days)`, () => {
      const profiles = profilesIn(
        jsonIn(
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
    const [p] = profilesIn(jsonIn(fixture('2026.6.1', 'e-token-expired', 'status-json.stdout')));
    assert.equal(p?.status, 'expired');
    assert.equal(p?.expiresAt, null);
  });

  it('finds no JSON in an empty output', () => assert.equal(jsonIn(''), null));
});

describe('OpenClawCliAdapter.pasteToken with a stand-in openclaw', () => {
  const run = async (extra: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-oc-'));
    const log = join(dir, 'log.json');
    const adapter = new OpenClawCliAdapter(new NodeProcessRunner(), {
      bin: fileURLToPath(new URL('../../fakes/openclaw-standin.mjs', import.meta.url)),
      env: { PATH: process.env.PATH, FAKE_OPENCLAW_LOG: log, ...extra },
      timeoutMs: 10_000,
    });
    const token = new Secret(access('standin'));
    const r = await adapter.pasteToken({
      stateDir: dir,
      configPath: null,
      agentId: 'work',
      profileId: 'anthropic:manual',
      expiresIn: '365d',
      token,
    });
    const seen = JSON.parse(readFileSync(log, 'utf8')) as { argv: string[]; input: string };
    rmSync(dir, { recursive: true, force: true });
    return { r, seen, token };
  };

  it('passes the token on stdin only, with the profile, expiry and agent as flags', async () => {
    const { r, seen, token } = await run({});
    assert.equal(r.ok, true);
    assert.equal(seen.input, token.reveal());
    assert.ok(!seen.argv.some((a) => a.includes('sk-ant-')));
    assert.deepEqual(seen.argv, [
      'models',
      'auth',
      'paste-token',
      '--provider',
      'anthropic',
      '--profile-id',
      'anthropic:manual',
      '--expires-in',
      '365d',
      '--agent',
      'work',
    ]);
  });

  it('selects the agent on the parent command where paste-token has no --agent (2026.6.5, 2026.7.35)', async () => {
    const { r, seen } = await run({
      FAKE_OPENCLAW_HELP: '  --provider <name>\n  --profile-id <id>\n  --expires-in <d>',
    });
    assert.equal(r.ok, true);
    assert.deepEqual(seen.argv, [
      'models',
      '--agent',
      'work',
      'auth',
      'paste-token',
      '--provider',
      'anthropic',
      '--profile-id',
      'anthropic:manual',
      '--expires-in',
      '365d',
    ]);
  });

  it('reports AUTH_PROFILE_MIGRATION_REQUIRED with what to do', async () => {
    const { r } = await run({
      FAKE_OPENCLAW_EXIT: '1',
      FAKE_OPENCLAW_STDERR: 'x code=AUTH_PROFILE_MIGRATION_REQUIRED',
    });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /openclaw doctor --fix/);
  });
});

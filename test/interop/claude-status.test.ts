import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { programs, run, type Programs } from './programs.ts';

let p: Programs;
const homes: FixtureHome[] = [];
before(() => {
  p = programs();
});
after(async () => Promise.all(homes.map((h) => h.cleanup())));

const QUIET = { DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };

async function judgeBoth(
  creds: object | null,
  extra: Record<string, string> = {},
  where = '.claude/.credentials.json',
) {
  const h = await FixtureHome.create();
  homes.push(h);
  if (creds) await h.write(where, creds);
  const env = h.env({ ...QUIET, ...extra });
  const [claude, ck] = await Promise.all([
    run(p.claude, ['auth', 'status', '--json'], env, '', 60_000),
    spawnCli(['status', '--json'], env),
  ]);
  const mine = (JSON.parse(ck.stdout) as StatusReport).credentials.find((c) => c.id === 'claude-code');
  return {
    claude: JSON.parse(claude.stdout) as { loggedIn: boolean; subscriptionType?: string },
    claudeCode: claude.code,
    mine,
  };
}

describe('Claude Code reads the fixture credentials the way Clawkeeper does', () => {
  it('a valid login: logged in, max, and ok', async () => {
    const r = await judgeBoth(
      claudeCredentials({ access: access('cl1'), refresh: refresh('cl1'), expiresAt: Date.now() + 8 * HOUR }),
    );
    assert.equal(r.claude.loggedIn, true);
    assert.equal(r.claude.subscriptionType, 'max');
    assert.equal(r.mine?.state, 'ok');
  });

  it('an expired access token with a refresh token: still logged in, and ok (renewed on use)', async () => {
    const r = await judgeBoth(
      claudeCredentials({ access: access('cl2'), refresh: refresh('cl2'), expiresAt: Date.now() - HOUR }),
    );
    assert.equal(r.claude.loggedIn, true);
    assert.equal(r.mine?.state, 'ok');
    assert.equal(r.mine?.refreshable, true);
  });

  it('a blanked login: logged out for Claude, needs re-auth for Clawkeeper', async () => {
    const r = await judgeBoth({
      claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, subscriptionType: 'max' },
    });
    assert.equal(r.claude.loggedIn, false);
    assert.equal(r.claudeCode, 1);
    assert.equal(r.mine?.state, 'needs-reauth');
  });

  it('no file: logged out for Claude, nothing listed by Clawkeeper', async () => {
    const r = await judgeBoth(null);
    assert.equal(r.claude.loggedIn, false);
    assert.equal(r.mine, undefined);
  });

  it('CLAUDE_CONFIG_DIR moves the store for both', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const r = await judgeBoth(
      claudeCredentials({ access: access('cl5'), refresh: refresh('cl5'), expiresAt: Date.now() + HOUR }),
      { CLAUDE_CONFIG_DIR: '/tmp/ck-interop-cfgdir-unused' },
      '.claude/.credentials.json',
    );
    assert.equal(r.claude.loggedIn, false, 'Claude ignores ~/.claude when CLAUDE_CONFIG_DIR is set');
    assert.equal(r.mine, undefined, 'and so does Clawkeeper');
  });
});

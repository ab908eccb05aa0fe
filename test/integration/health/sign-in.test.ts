import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../../main/core/health/report.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

/** Claude Code 2.1.332's login fields: `refreshTokenExpiresAt` (sign-in end) and `loginEnded`. */
const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function statusOf(oauth: Record<string, unknown>, settings?: object): Promise<StatusReport> {
  const h = await FixtureHome.create();
  homes.push(h);
  const base = claudeCredentials({
    access: access('si'),
    refresh: refresh('si'),
    expiresAt: now + 6 * HOUR,
  }) as {
    claudeAiOauth: Record<string, unknown>;
  };
  await h.claude({ claudeAiOauth: { ...base.claudeAiOauth, ...oauth } });
  if (settings) await h.write('.config/clawkeeper/settings.json', settings);
  const r = await runCli(['status', '--json'], h.env());
  return JSON.parse(r.stdout) as StatusReport;
}

const claude = (r: StatusReport) => r.credentials.find((c) => c.id === 'claude-code');

describe("Claude Code's sign-in end (refreshTokenExpiresAt)", () => {
  it('is expiring within 3 days of the sign-in end, and says when', async () => {
    const c = claude(await statusOf({ refreshTokenExpiresAt: now + 2 * DAY }));
    assert.equal(c?.state, 'expiring');
    assert.match(c?.reason ?? '', /sign-in ends at/);
  });

  it('is ok further ahead, and the window is a setting', async () => {
    assert.equal(claude(await statusOf({ refreshTokenExpiresAt: now + 5 * DAY }))?.state, 'ok');
    const wider = await statusOf({ refreshTokenExpiresAt: now + 5 * DAY }, { health: { signInWarnDays: 7 } });
    assert.equal(claude(wider)?.state, 'expiring');
  });

  it('needs re-auth once the sign-in ended', async () => {
    assert.equal(claude(await statusOf({ refreshTokenExpiresAt: now - HOUR }))?.state, 'needs-reauth');
  });

  it('a login blanked for its time limit says so, not "rejected refresh"', async () => {
    const c = claude(
      await statusOf({ accessToken: '', refreshToken: '', expiresAt: 0, loginEnded: 'time_limit' }),
    );
    assert.equal(c?.state, 'needs-reauth');
    assert.match(c?.reason ?? '', /time limit/);
    assert.doesNotMatch(c?.reason ?? '', /rejected/);
  });
});

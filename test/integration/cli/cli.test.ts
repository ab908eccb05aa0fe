import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../../main/core/health/report.ts';
import {
  access,
  apiKey,
  claudeCredentials,
  DAY,
  FixtureHome,
  HOUR,
  refresh,
} from '../../helpers/fixture-home.ts';
import { spawnCli } from '../../helpers/run-cli.ts';

const now = Date.now();
const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));
async function home() {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}

describe('the clawkeeper command (a real process)', () => {
  it('exits 0 with --check when everything is ok', async () => {
    const h = await home();
    await h.claude(
      claudeCredentials({ access: access('ok'), refresh: refresh('ok'), expiresAt: now + 6 * HOUR }),
    );
    const r = await spawnCli(['status', '--check'], h.env());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Clawkeeper status: ok/);
    assert.match(r.stdout, /claude-code/);
  });

  it('exits 2 with --check when a setup-token is expiring', async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: {
        'anthropic:manual': { type: 'token', provider: 'anthropic', token: access('e'), expires: now + DAY },
      },
    });
    assert.equal((await spawnCli(['status', '--check'], h.env())).code, 2);
  });

  it('exits 1 with --check when something is broken, 0 without --check', async () => {
    const h = await home();
    await h.profiles('main', {
      profiles: { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key: access('wrong') } },
    });
    assert.equal((await spawnCli(['status', '--check'], h.env())).code, 1);
    assert.equal((await spawnCli(['status'], h.env())).code, 0);
  });

  it('exits 1 with --check when nothing at all is found, like openclaw', async () => {
    const h = await home();
    const r = await spawnCli(['status', '--check', '--json'], h.env());
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as StatusReport).credentials.length, 0);
  });

  it('prints the documented JSON object and never a token value', async () => {
    const h = await home();
    const secrets = [access('j1'), refresh('j1'), access('j2'), apiKey('j3'), access('j4')];
    await h.claude(claudeCredentials({ access: secrets[0]!, refresh: secrets[1]!, expiresAt: now + HOUR }));
    await h.profiles('main', {
      profiles: {
        'anthropic:manual': {
          type: 'token',
          provider: 'anthropic',
          token: secrets[2],
          expires: now + 100 * DAY,
        },
        'anthropic:key': { type: 'api_key', provider: 'anthropic', key: secrets[3] },
        'anthropic:broken': {
          type: 'token',
          provider: 'anthropic',
          token: secrets[4]!.slice(0, 30) + '\n' + secrets[4]!.slice(30),
        },
      },
    });
    const r = await spawnCli(['status', '--json'], h.env({ CLAUDE_CODE_OAUTH_TOKEN: access('env') }));
    const table = await spawnCli(['status'], h.env({ CLAUDE_CODE_OAUTH_TOKEN: access('env') }));
    for (const s of [...secrets, access('env')]) {
      for (const out of [r.stdout, r.stderr, table.stdout, table.stderr]) {
        assert.ok(!out.includes(s.slice(13, 45)), 'a token value leaked into the output');
      }
    }
    const report = JSON.parse(r.stdout) as StatusReport;
    assert.equal(report.schema, 'clawkeeper.status/1');
    assert.ok(
      ['ok', 'expiring', 'stale-copy', 'expired', 'needs-reauth', 'misconfigured', 'unreadable'].includes(
        report.worst,
      ),
    );
    for (const c of report.credentials) {
      for (const key of ['id', 'location', 'kind', 'owner', 'state', 'reason', 'expiresAt', 'fingerprint'])
        assert.ok(key in c, `credential lacks ${key}`);
    }
    assert.equal(
      report.credentials.find((c) => c.id === 'openclaw:main/anthropic:broken')?.state,
      'misconfigured',
    );
  });

  it('rejects unknown commands and options with exit 64 and no stack trace', async () => {
    const h = await home();
    const a = await spawnCli(['stauts'], h.env());
    assert.equal(a.code, 64);
    assert.match(a.stderr, /unknown command "stauts"/);
    const b = await spawnCli(['status', '--jsn'], h.env());
    assert.equal(b.code, 64);
    assert.doesNotMatch(b.stderr, /\n\s+at /);
  });

  it('prints help and version', async () => {
    const h = await home();
    const help = await spawnCli(['--help'], h.env());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /clawkeeper status \[--json\] \[--check\] \[--agent ID\]/);
    assert.match((await spawnCli(['--version'], h.env())).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

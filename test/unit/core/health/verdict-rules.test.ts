import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verdictExitCode } from '../../../../main/core/health/report.ts';
import { maskReport } from '../../../../main/core/health/mask.ts';
import { cliNameOf, reloadCommandOf } from '../../../../main/core/health/install-commands.ts';
import { SettingsSchema } from '../../../../main/core/settings/settings.ts';
import { access } from '../../../helpers/fixture-home.ts';

describe('the one exit-code rule', () => {
  const cases: Array<[string[], string[], number]> = [
    [['ok'], [], 0],
    [['ok'], ['info'], 0],
    [['ok'], ['warning'], 2],
    [['ok'], ['error'], 1],
    [['expiring'], [], 2],
    [['blocked'], [], 2],
    [['stale-copy'], ['error'], 1],
    [['needs-reauth'], ['warning'], 1],
    [[], [], 1],
  ];
  for (const [states, severities, code] of cases)
    it(`${states.join(',') || 'nothing'} + ${severities.join(',') || 'no findings'} → ${code}`, () => {
      assert.equal(
        verdictExitCode(
          states as never,
          severities.map((severity) => ({ severity }) as never),
        ),
        code,
      );
    });
});

describe('follow-up commands fit the install', () => {
  const base = { version: null };
  it('Clawdbot and Moltbot have no `secrets reload`', () => {
    assert.equal(
      reloadCommandOf({ ...base, label: 'clawdbot', configPath: '/h/.clawdbot/clawdbot.json' }),
      'clawdbot gateway restart',
    );
    assert.equal(
      reloadCommandOf({ ...base, label: 'moltbot', configPath: '/h/.moltbot/moltbot.json' }),
      'moltbot gateway restart',
    );
    assert.equal(cliNameOf({ ...base, label: 'custom1', configPath: '/srv/x/clawdbot.json' }), 'clawdbot');
  });
  it('OpenClaw reloads secrets; Docker recreates its container', () => {
    assert.equal(
      reloadCommandOf({ ...base, label: 'openclaw', configPath: '/h/.openclaw/openclaw.json' }),
      'openclaw secrets reload',
    );
    const sync = SettingsSchema.parse({ sync: { reload: 'docker', dockerService: 'gw' } }).sync;
    assert.equal(
      reloadCommandOf({ ...base, label: 'openclaw', configPath: '/h/.openclaw/openclaw.json' }, sync),
      'docker compose up -d --force-recreate gw',
    );
  });
});

describe('the masker', () => {
  it('masks token-shaped text in every string and key, keeps fingerprints and masked forms', () => {
    const t = access('mask');
    const out = maskReport({
      a: t,
      [t]: [t, { b: `x ${t} y` }],
      fp: 'sha256:0123456789ab',
      masked: 'sk-ant-oat01-…AA',
    });
    const text = JSON.stringify(out);
    assert.ok(!text.includes(t.slice(13, 40)));
    assert.match(text, /sha256:0123456789ab/);
    assert.match(text, /sk-ant-oat01-…AA/);
  });
});

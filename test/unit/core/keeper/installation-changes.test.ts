/**
 * What a running keeper says when the installation changes between two passes, and which state
 * folders it keeps warning about (pure; the keeper and chokidar are in the integration tests).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Inventory } from '../../../../main/core/discovery/inventory.ts';
import { judge } from '../../../../main/core/health/health.ts';
import {
  installationChanges,
  InstallationMemory,
  type InstallationSnapshot,
  type InstallSnapshot,
} from '../../../../main/core/keeper/installation-changes.ts';
import { followStores } from '../../../../main/core/keeper/links.ts';
import { DEFAULT_SETTINGS } from '../../../../main/core/settings/settings.ts';
import { access, claudeCredentials, HOUR, refresh } from '../../../helpers/fixture-home.ts';

const install = (over: Partial<InstallSnapshot> = {}): InstallSnapshot => ({
  label: 'openclaw',
  stateDir: '/h/.openclaw',
  version: '2026.6.1',
  generation: 'json',
  agents: ['main'],
  ...over,
});
const snap = (
  installs: InstallSnapshot[],
  copies: Array<[string, string | null, string | null]> = [],
  bin: string | null = '/usr/bin/openclaw',
): InstallationSnapshot => ({
  bin,
  installs,
  copies: new Map(copies.map(([id, i, a]) => [id, { install: i, agent: a }])),
});

describe('installationChanges', () => {
  it('says another release and the store generation it brings', () => {
    const { changes, lost } = installationChanges(
      snap([install()]),
      snap([install({ version: '2026.9.6', generation: 'sqlite-shared' })]),
    );
    assert.deepEqual(changes, [
      'openclaw: release 2026.6.1 → 2026.9.6 (/h/.openclaw)',
      'openclaw: its store moved from JSON files to the shared SQLite database (written through the openclaw CLI)',
    ]);
    assert.deepEqual(lost, []);
  });

  it('says agents and state folders that come and go; a folder gone with copies is lost', () => {
    const before = snap(
      [install({ agents: ['main', 'old'] }), install({ label: 'clawdbot', stateDir: '/h/.clawdbot' })],
      [
        ['openclaw:old/anthropic:copy', 'openclaw', 'old'],
        ['clawdbot:main/anthropic:claude-cli', 'clawdbot', 'main'],
      ],
    );
    const after = snap([
      install({ agents: ['main', 'work'] }),
      install({ label: 'moltbot', stateDir: '/h/.moltbot' }),
    ]);
    const { changes, lost } = installationChanges(before, after);
    assert.deepEqual(changes, [
      'openclaw: agent work appeared',
      'openclaw: agent old disappeared',
      'moltbot state folder appeared: /h/.moltbot (release 2026.6.1)',
      'clawdbot state folder disappeared: /h/.clawdbot (it held clawdbot:main/anthropic:claude-cli)',
    ]);
    assert.deepEqual(lost, [
      { label: 'clawdbot', stateDir: '/h/.clawdbot', copies: ['clawdbot:main/anthropic:claude-cli'] },
    ]);
  });

  it('says where a copy went: left in a JSON store the release no longer reads, then imported', () => {
    const json = snap([install()], [['openclaw:main/anthropic:copy', 'openclaw', 'main']]);
    const waiting = snap(
      [install({ version: '2026.9.6', generation: 'sqlite-shared' })],
      [['openclaw:main/anthropic:copy@json', 'openclaw', 'main']],
    );
    const imported = snap(
      [install({ version: '2026.9.6', generation: 'sqlite-shared' })],
      [['openclaw:main/anthropic:copy', 'openclaw', 'main']],
    );
    assert.ok(
      installationChanges(json, waiting).changes.includes(
        'openclaw:main/anthropic:copy is left in a JSON store this release no longer reads (its `openclaw doctor --fix` imports it)',
      ),
    );
    assert.deepEqual(installationChanges(waiting, imported).changes, [
      'openclaw:main/anthropic:copy was imported into the SQLite store',
    ]);
    const retired = snap([install({ version: '2026.9.6', generation: 'sqlite-shared' })]);
    assert.ok(
      installationChanges(json, retired).changes.includes(
        'openclaw:main/anthropic:copy is no longer a copy of the login in its store',
      ),
    );
  });

  it('says the openclaw command appearing, moving and going', () => {
    const at = (bin: string | null) => snap([install()], [], bin);
    assert.deepEqual(installationChanges(at(null), at('/a/openclaw')).changes, [
      'the openclaw command appeared: /a/openclaw',
    ]);
    assert.deepEqual(installationChanges(at('/a/openclaw'), at('/b/openclaw')).changes, [
      'the openclaw command is now /b/openclaw (was /a/openclaw)',
    ]);
    assert.deepEqual(installationChanges(at('/a/openclaw'), at(null)).changes, [
      'the openclaw command is gone (was /a/openclaw)',
    ]);
    assert.deepEqual(installationChanges(at('/a/openclaw'), at('/a/openclaw')).changes, []);
  });
});

const NOW = Date.UTC(2026, 11, 1, 8);
const ok = <T>(path: string, value: T) => ({ status: 'ok' as const, path, value, stat: null });
const missing = (path: string) => ({ status: 'missing' as const, path });

function inventory(withInstall: boolean, generation: 'json' | 'sqlite-shared' = 'json'): Inventory {
  const login = claudeCredentials({ access: access('m'), refresh: refresh('m'), expiresAt: NOW + 7 * HOUR });
  const dir = '/h/.openclaw/agents/main/agent';
  return {
    claude: [
      {
        source: 'file',
        location: '/h/.claude/.credentials.json',
        read: ok('/h/.claude/.credentials.json', login),
        primary: true,
        writable: true,
      },
    ],
    duplicateKeychainItems: [],
    installs: withInstall
      ? [
          {
            label: 'openclaw',
            stateDir: '/h/.openclaw',
            stateDirStat: null,
            configPath: '/h/.openclaw/openclaw.json',
            config: missing('/h/.openclaw/openclaw.json'),
            generation,
            version: null,
            sharedDbPath: null,
            legacyOauth: missing('/h/.openclaw/credentials/oauth.json'),
            agents: [
              {
                agentId: 'main',
                dir,
                dirStat: null,
                origin: 'json',
                profiles: ok(`${dir}/auth-profiles.json`, {
                  version: 1,
                  profiles: {
                    'anthropic:claude-cli': {
                      type: 'token',
                      provider: 'anthropic',
                      token: access('m'),
                      expires: NOW + 7 * HOUR,
                    },
                  },
                }),
                state: missing(`${dir}/auth-state.json`),
                retiredJson: missing(`${dir}/auth-profiles.json`),
                sqlitePath: null,
                cli: null,
              },
            ],
            readNotes: [],
          },
        ]
      : [],
    env: [],
    openclawBin: '/usr/bin/openclaw',
    currentUid: null,
  };
}

describe('InstallationMemory', () => {
  const judged = (inv: Inventory) => judge(inv, { now: NOW, settings: DEFAULT_SETTINGS });

  it('keeps a warning for a state folder gone with copies of the login until it is back', () => {
    const memory = new InstallationMemory();
    const there = inventory(true);
    assert.deepEqual(memory.observe(there, judged(there)), { changes: [], lostChanged: false });
    const gone = inventory(false);
    const report = judged(gone);
    const seen = memory.observe(gone, report);
    assert.equal(seen.lostChanged, true);
    assert.match(
      seen.changes[0] ?? '',
      /state folder disappeared: \/h\/\.openclaw \(it held openclaw:main\/anthropic:claude-cli\)/,
    );
    const shown = memory.apply(report);
    assert.equal(report.exitCode, 0, 'the verdict alone is green: only the login is left');
    assert.equal(shown.exitCode, 2, 'said as a warning instead of staying green');
    const f = shown.findings.find((x) => x.check === 'install-disappeared');
    assert.match(f?.message ?? '', /The openclaw state folder \/h\/\.openclaw disappeared while it held/);
    assert.match(f?.hint ?? '', /OPENCLAW_STATE_DIR/);
    // a pass later it is still said; once the folder is back it is not
    assert.equal(memory.observe(gone, report).lostChanged, false);
    assert.equal(memory.apply(report).exitCode, 2);
    const back = memory.observe(there, judged(there));
    assert.equal(back.lostChanged, true);
    assert.equal(
      memory.apply(judged(there)).findings.some((x) => x.check === 'install-disappeared'),
      false,
    );
  });
});

describe('followStores', () => {
  it('writes a configured JSON-store link through the openclaw CLI once its install moved into SQLite', () => {
    const file = '/h/.openclaw/agents/main/agent/auth-profiles.json';
    const links = [
      { kind: 'openclaw-profile' as const, file, profileId: 'anthropic:copy' },
      { kind: 'env-file' as const, file: '/srv/.env', variable: 'ANTHROPIC_OAUTH_TOKEN' },
    ];
    assert.deepEqual(followStores(links, inventory(true, 'json')), links, 'a JSON store is written as it is');
    assert.deepEqual(followStores(links, inventory(true, 'sqlite-shared')), [
      { kind: 'openclaw-cli', stateDir: '/h/.openclaw', agent: 'main', profileId: 'anthropic:copy' },
      links[1],
    ]);
  });
});

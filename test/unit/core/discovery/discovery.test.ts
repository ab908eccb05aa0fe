import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generationOf } from '../../../../main/core/discovery/discovery.ts';
import { createHash } from 'node:crypto';
import {
  claudeCredentialsPath,
  claudeKeychainServices,
  claudeLoginDir,
  openClawStateDirs,
  settingsPath,
  appDataDir,
} from '../../../../main/core/kernel/paths.ts';
import { compareVersions, extractVersion } from '../../../../main/core/kernel/version.ts';
import type { Environment } from '../../../../main/ports/environment.ts';

const none = { sharedDb: false, agentDb: false, agentJson: false };

describe('generationOf', () => {
  const cases: Array<[string, string, string | null, typeof none, string]> = [
    ['a Clawdbot-era version', 'openclaw', '2026.1.24', none, 'json-cli-sync'],
    ['the last JSON release', 'openclaw', '2026.6.1', { ...none, sharedDb: true, agentJson: true }, 'json'],
    ['a per-agent SQLite release', 'openclaw', '2026.7.3', none, 'sqlite-agent'],
    ['the current release', 'openclaw', '2026.9.6', { ...none, agentJson: true }, 'sqlite-shared'],
    ['no version, a per-agent database', 'openclaw', null, { ...none, agentDb: true }, 'sqlite-agent'],
    ['no version, only a shared database', 'openclaw', null, { ...none, sharedDb: true }, 'sqlite-shared'],
    [
      'no version, a shared database beside JSON stores (2026.6.1 creates one)',
      'openclaw',
      null,
      { ...none, sharedDb: true, agentJson: true },
      'json',
    ],
    ['no version, an old ~/.clawdbot', 'clawdbot', null, { ...none, agentJson: true }, 'json-cli-sync'],
  ];
  for (const [name, label, version, disk, expected] of cases) {
    it(`says ${expected} for ${name}`, () => assert.equal(generationOf(label, version, disk), expected));
  }
});

describe('versions', () => {
  it('compares calendar versions numerically', () => {
    assert.equal(compareVersions('2026.10.1', '2026.9.6'), 1);
    assert.equal(compareVersions('2026.6.1', '2026.6.1'), 0);
    assert.equal(compareVersions('2026.1.25', '2026.1.26'), -1);
  });
  it('extracts the version from --version output', () => {
    assert.equal(extractVersion('OpenClaw 2026.9.6 (abc123)\n'), '2026.9.6');
    assert.equal(extractVersion('nothing'), null);
  });
});

function env(platform: NodeJS.Platform, vars: Record<string, string> = {}): Environment {
  return { platform, home: '/h', user: 'me', uid: 1000, vars };
}

describe('paths', () => {
  it('adds the hashed-suffix Keychain service first when CLAUDE_CONFIG_DIR is set', () => {
    assert.deepEqual(claudeKeychainServices(env('darwin')), ['Claude Code-credentials']);
    const s = claudeKeychainServices(env('darwin', { CLAUDE_CONFIG_DIR: '/h/work-claude' }));
    assert.equal(s.length, 2);
    assert.match(s[0] ?? '', /^Claude Code-credentials-[0-9a-f]{8}$/);
    assert.equal(s[1], 'Claude Code-credentials');
  });

  it('puts the login and its locks in CLAUDE_SECURESTORAGE_CONFIG_DIR when it is set, as Claude Code does', () => {
    assert.equal(claudeLoginDir(env('linux')), '/h/.claude');
    assert.equal(claudeLoginDir(env('linux', { CLAUDE_CONFIG_DIR: '/cfg' })), '/cfg');
    const secure = env('linux', { CLAUDE_CONFIG_DIR: '/cfg', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/vault' });
    assert.equal(claudeLoginDir(secure), '/vault');
    assert.equal(claudeCredentialsPath(secure), '/vault/.credentials.json');
    // set but empty: ~/.claude, not the config dir (Claude Code's `e || join(homedir(), ".claude")`)
    const empty = env('linux', { CLAUDE_CONFIG_DIR: '/cfg', CLAUDE_SECURESTORAGE_CONFIG_DIR: '' });
    assert.equal(claudeLoginDir(empty), '/h/.claude');
  });

  it('names the Keychain service after the secure-storage folder when one is set', () => {
    const hash = (d: string) => createHash('sha256').update(d).digest('hex').slice(0, 8);
    assert.deepEqual(
      claudeKeychainServices(
        env('darwin', { CLAUDE_CONFIG_DIR: '/cfg', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/vault' }),
      ),
      [`Claude Code-credentials-${hash('/vault')}`, 'Claude Code-credentials'],
    );
    assert.deepEqual(
      claudeKeychainServices(
        env('darwin', { CLAUDE_CONFIG_DIR: '/cfg', CLAUDE_SECURESTORAGE_CONFIG_DIR: '' }),
      ),
      ['Claude Code-credentials'],
    );
  });

  it('derives every OpenClaw generation dir from the environment', () => {
    const dirs = openClawStateDirs(
      env('linux', {
        OPENCLAW_STATE_DIR: '/srv/oc',
        CLAWDBOT_STATE_DIR: '/srv/cb',
        OPENCLAW_CONFIG_PATH: '/etc/oc.json',
      }),
      ['/extra'],
    );
    assert.deepEqual(
      dirs.map((d) => [d.label, d.stateDir, d.configPath]),
      [
        ['openclaw', '/srv/oc', '/etc/oc.json'],
        ['clawdbot', '/srv/cb', null],
        ['moltbot', '/h/.moltbot', null],
        ['custom1', '/extra', null],
      ],
    );
  });

  it('puts settings in the platform config dir', () => {
    assert.equal(settingsPath(env('linux')), '/h/.config/clawkeeper/settings.json');
    assert.equal(settingsPath(env('linux', { XDG_CONFIG_HOME: '/x' })), '/x/clawkeeper/settings.json');
    assert.equal(settingsPath(env('darwin')), '/h/Library/Application Support/Clawkeeper/settings.json');
    assert.match(
      settingsPath(env('win32', { APPDATA: 'C:/Users/me/AppData/Roaming' })),
      /Roaming.Clawkeeper.settings\.json$/,
    );
    assert.equal(settingsPath(env('linux', { CLAWKEEPER_CONFIG: '/c.json' })), '/c.json');
    assert.equal(appDataDir(env('linux')), '/h/.local/state/clawkeeper');
  });
});

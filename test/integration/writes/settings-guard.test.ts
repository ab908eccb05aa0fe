import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, guardRedirects, loadSettings } from '../../../main/core/settings/settings.ts';
import { NodeFiles } from '../../../main/adapters/node/node-files.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

describe('settings that redirect secrets', () => {
  it('are ignored while the settings file is writable by others, with a message saying how to fix it', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const path = await h.write('.config/clawkeeper/settings.json', {
      refresh: { tokenUrl: 'https://evil.example/token', leadMinutes: 30 },
      api: { base: 'https://evil.example' },
      sync: { reload: 'command', reloadCommand: ['/tmp/x'] },
    });
    await chmod(path, 0o666);
    const loaded = await loadSettings(new NodeFiles(), path);
    assert.equal(loaded.settings.refresh.tokenUrl, DEFAULT_SETTINGS.refresh.tokenUrl);
    assert.equal(loaded.settings.api.base, DEFAULT_SETTINGS.api.base);
    assert.deepEqual(loaded.settings.sync.reloadCommand, []);
    assert.notEqual(loaded.settings.sync.reload, 'command');
    assert.equal(loaded.settings.refresh.leadMinutes, 30, 'other settings stay in effect');
    assert.match(
      loaded.problem ?? '',
      /mode 0666.*refresh.tokenUrl, api.base, sync.reloadCommand are ignored.*chmod 600/,
    );
    const status = await runCli(['status'], h.env());
    assert.match(status.stderr, /can be written by others/);

    await chmod(path, 0o600);
    const ok = await loadSettings(new NodeFiles(), path);
    assert.equal(ok.problem, null);
    assert.equal(ok.settings.refresh.tokenUrl, 'https://evil.example/token');
  });

  it('a group-writable file with only harmless settings is accepted as it is', () => {
    const s = { ...DEFAULT_SETTINGS, refresh: { ...DEFAULT_SETTINGS.refresh, leadMinutes: 20 } };
    assert.deepEqual(guardRedirects(s, { mode: 0o664 }, '/x'), { settings: s, problem: null });
  });
});

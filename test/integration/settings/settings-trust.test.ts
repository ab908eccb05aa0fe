import assert from 'node:assert/strict';
import { chmod, chown, lchown, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { NodePathTrust } from '../../../main/adapters/node/trust.ts';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  SettingsSchema,
  updateSettings,
} from '../../../main/core/settings/settings.ts';
import {
  HARMLESS_FIELDS,
  settingsFields,
  steeringFields,
} from '../../../main/core/settings/settings-trust.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
const asRoot = process.getuid?.() === 0;
const OTHER = 4242;

/** Every kind of steering field an attacker would set, and two harmless ones. */
const HOSTILE = {
  refresh: {
    tokenUrl: 'http://127.0.0.1:9/steal',
    claudeCliCommand: ['/tmp/evil'],
    strategy: 'claude-cli',
    leadMinutes: 30,
  },
  api: { base: 'http://127.0.0.1:9' },
  openclaw: { bin: '/tmp/evil', extraStateDirs: ['/tmp/evil-state'] },
  sync: {
    reload: 'command',
    reloadCommand: ['/tmp/evil'],
    links: [{ kind: 'env-file', file: '/tmp/evil.env', variable: 'T' }],
  },
  alerts: {
    channels: [
      { type: 'command', command: ['/tmp/evil'] },
      { type: 'webhook', url: 'http://127.0.0.1:9/x' },
    ],
    timeoutMs: 5000,
  },
  hosts: [{ name: 'evil', destination: 'evil@127.0.0.1' }],
  ssh: { command: ['/tmp/evil'] },
};

async function settingsHome(): Promise<{ h: FixtureHome; path: string }> {
  const h = await FixtureHome.create();
  homes.push(h);
  const path = await h.write('.config/clawkeeper/settings.json', HOSTILE);
  return { h, path };
}

function assertNothingSteers(s: Record<string, unknown>): void {
  const d = DEFAULT_SETTINGS;
  const settings = s as typeof d;
  assert.equal(settings.refresh.tokenUrl, d.refresh.tokenUrl);
  assert.deepEqual(settings.refresh.claudeCliCommand, d.refresh.claudeCliCommand);
  assert.equal(settings.refresh.strategy, 'peer');
  assert.equal(settings.api.base, d.api.base);
  assert.equal(settings.openclaw.bin, null);
  assert.deepEqual(settings.openclaw.extraStateDirs, []);
  assert.equal(settings.sync.reload, 'auto');
  assert.deepEqual(settings.sync.reloadCommand, []);
  assert.deepEqual(settings.sync.links, []);
  assert.deepEqual(settings.alerts.channels, []);
  assert.equal(s.hosts, undefined);
  assert.equal(s.ssh, undefined);
  // the harmless ones stay in effect
  assert.equal(settings.refresh.leadMinutes, 30);
  assert.equal(settings.alerts.timeoutMs, 5000);
}

describe('which settings an untrusted file may set (read from the schema)', () => {
  it('names every field of the schema, and every one not known to be harmless steers', () => {
    const fields = settingsFields(SettingsSchema);
    for (const f of HARMLESS_FIELDS) assert.ok(fields.includes(f), `${f} is a field of the schema`);
    const steering = steeringFields(SettingsSchema);
    for (const f of [
      'refresh.tokenUrl',
      'refresh.claudeCliCommand',
      'openclaw.bin',
      'openclaw.extraStateDirs',
      'sync.links',
      'sync.reloadCommand',
      'sync.dockerComposeDir',
      'api.base',
      'alerts.channels',
    ])
      assert.ok(steering.includes(f), `${f} steers`);
    assert.equal(fields.length, steering.length + HARMLESS_FIELDS.size);
  });

  it('counts a field added later as steering until someone says it is harmless (default-deny)', () => {
    const grown = z.looseObject({
      ...SettingsSchema.def.shape,
      refresh: z.object({ ...SettingsSchema.def.shape.refresh.def.innerType.def.shape, proxy: z.string() }),
    });
    assert.ok(steeringFields(grown).includes('refresh.proxy'));
  });
});

describe('an untrusted settings file', { skip: !asRoot && 'needs root to give files other owners' }, () => {
  const trust = new NodePathTrust();
  const files = new NodeWritableFiles();

  it('writable by group or others: no steering field is used, status says so in one line with the chmod', async () => {
    const { h, path } = await settingsHome();
    await chmod(path, 0o664);
    const loaded = await loadSettings(files, path, trust);
    assertNothingSteers(loaded.settings);
    assert.equal(loaded.trust?.kind, 'writable');
    assert.match(
      loaded.problem ?? '',
      /not trusted \(.* can be changed by other users \(mode 0664\)\), so .*refresh\.tokenUrl.*are ignored/,
    );
    assert.match(loaded.problem ?? '', /hosts, ssh/);
    assert.match(loaded.problem ?? '', /Fix: chmod 0644 /);
    const status = await runCli(['status'], h.env());
    const lines = status.stderr.split('\n').filter((l) => /settings file/.test(l));
    assert.equal(lines.length, 1, status.stderr);
    // a trusted file again: everything applies
    await chmod(path, 0o600);
    const ok = await loadSettings(files, path, trust);
    assert.equal(ok.problem, null);
    assert.equal(ok.settings.refresh.tokenUrl, HOSTILE.refresh.tokenUrl);
  });

  it('owned by another user, a link to one, or in a folder others can change: the same', async () => {
    const owned = await settingsHome();
    await chown(owned.path, OTHER, OTHER);
    const a = await loadSettings(files, owned.path, trust);
    assertNothingSteers(a.settings);
    assert.equal(a.trust?.kind, 'foreign-owner');
    assert.match(a.problem ?? '', /belongs to another user \(uid 4242\).*never chowns/);

    const linked = await settingsHome();
    const theirs = linked.h.path('theirs.json');
    await linked.h.write(theirs, HOSTILE);
    await chown(theirs, OTHER, OTHER);
    const link = linked.h.path('.config/clawkeeper/linked.json');
    await symlink(theirs, link);
    assertNothingSteers((await loadSettings(files, link, trust)).settings);
    // a link that is itself another user's, to a file of ours
    const link2 = linked.h.path('.config/clawkeeper/their-link.json');
    await chown(theirs, 0, 0);
    await symlink(theirs, link2);
    await lchown(link2, OTHER, OTHER);
    assert.equal((await loadSettings(files, link2, trust)).trust?.kind, 'foreign-owner');

    const loose = await settingsHome();
    await chmod(loose.h.path('.config'), 0o777);
    const c = await loadSettings(files, loose.path, trust);
    assertNothingSteers(c.settings);
    assert.equal(c.trust?.kind, 'loose-parent');
  });

  it('is never changed by `link add`, `host add` or the window', async () => {
    const { h, path } = await settingsHome();
    await chown(path, OTHER, OTHER);
    await assert.rejects(
      updateSettings(files, path, (raw) => void (raw.x = 1), trust),
      /not trusted .*will not change it/,
    );
    const r = await runCli(['host', 'add', 'vps', 'ada@vps.example.com'], h.env());
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /will not change it/);
  });

  it('pre-created by another user in a settings folder of theirs: the folder is theirs, nothing steers', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await mkdir(h.path('.config/clawkeeper'), { recursive: true });
    const path = await h.write('.config/clawkeeper/settings.json', HOSTILE);
    await chown(join(h.path('.config/clawkeeper')), OTHER, OTHER);
    const loaded = await loadSettings(files, path, trust);
    assertNothingSteers(loaded.settings);
    assert.deepEqual(
      [loaded.trust?.kind, loaded.trust?.path],
      ['foreign-owner', h.path('.config/clawkeeper')],
    );
  });
});

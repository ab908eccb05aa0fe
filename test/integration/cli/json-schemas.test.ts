/**
 * Every `--json` output of the CLI, produced for real on one fixture home (a Claude login due for
 * a refresh against the fake token endpoint, an OpenClaw copy, a doctor finding), is validated
 * against the JSON Schema the build generated into schemas/ (ajv, draft 2020-12). Each output id
 * in OUTPUT must be seen at least once, so a new output cannot ship without its schema and a case
 * here. A line printed without its schema, or a bare array, fails.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OUTPUT } from '../../../main/cli/json-output.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { ROOT } from '../../helpers/app-harness.ts';
import { access, claudeCredentials, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';

const SCHEMAS = join(ROOT, 'schemas');
// formats (uri) are not checked: the shapes are what this test is about
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const byId = new Map<string, ReturnType<typeof ajv.compile>>();
for (const f of readdirSync(SCHEMAS).filter((n) => n.endsWith('.schema.json'))) {
  const doc = JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as { description: string };
  byId.set(doc.description.replace(/^schema id /, ''), ajv.compile(doc));
}

const seen = new Set<string>();
/** Validates one parsed output against the schema its own `schema` field names. */
function check(what: string, doc: unknown): void {
  assert.ok(doc !== null && typeof doc === 'object' && !Array.isArray(doc), `${what}: not an object`);
  const id = (doc as { schema?: unknown }).schema;
  assert.equal(typeof id, 'string', `${what}: no schema field`);
  const validate = byId.get(id as string);
  assert.ok(validate, `${what}: no schema file for ${String(id)}`);
  assert.ok(validate(doc), `${what}: ${ajv.errorsText(validate.errors)}`);
  seen.add(id as string);
}
const lines = (stdout: string) => stdout.split('\n').filter((l) => l.trim() !== '');

const fake = new FakeTokenEndpoint();
let h: FixtureHome;
let env: NodeJS.ProcessEnv;
before(async () => {
  await fake.start();
  h = await FixtureHome.create();
  const login = access('js1');
  // within the refresh lead time, so `refresh` refreshes and `sync` copies
  await h.claude(
    claudeCredentials({ access: login, refresh: fake.issue(), expiresAt: Date.now() + 30 * 60_000 }),
  );
  await h.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:claude-cli': {
        type: 'token',
        provider: 'anthropic',
        token: login,
        expires: Date.now() + HOUR,
      },
    },
  });
  // the seed bug: config mode differs from the stored type (a fixable doctor finding)
  await h.config({
    auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'api_key' } } },
  });
  await h.write('.config/clawkeeper/settings.json', {
    $schema: 'https://example.invalid/settings-1.schema.json',
    alerts: { channels: [{ type: 'flag-file' }] },
  });
  env = h.env({ CLAWKEEPER_TOKEN_URL: fake.url, CLAWKEEPER_DATA_DIR: h.path('data') });
});
after(async () => {
  await fake.stop();
  await h.cleanup();
});

describe('every --json output validates against its generated JSON Schema', () => {
  it('a settings file carrying $schema is accepted, and the settings schema describes it', async () => {
    const r = await runCli(['status'], env);
    assert.doesNotMatch(r.stderr, /settings/i, 'no complaint about the settings file');
    const settings = byId.get('clawkeeper.settings/1');
    assert.ok(settings);
    assert.ok(settings(JSON.parse(readFileSync(h.path('.config/clawkeeper/settings.json'), 'utf8'))));
    assert.equal(settings({ refresh: { leadMinutes: 'soon' } }), false, 'a wrong type is caught');
  });

  it('status, host list, doctor and usage; host status: every line', async () => {
    for (const argv of [['status'], ['host', 'list'], ['doctor'], ['usage']]) {
      const r = await runCli([...argv, '--json'], env);
      check(argv.join(' '), JSON.parse(r.stdout));
    }
    const hosts = await runCli(['host', 'status', '--json'], env);
    const hostLines = lines(hosts.stdout);
    assert.ok(hostLines.length >= 2, hosts.stdout);
    for (const l of hostLines) check(`host status line ${l.slice(0, 60)}`, JSON.parse(l));
  });

  it('host tag and host list with tagged hosts (no host is contacted)', async () => {
    const added = await runCli(['host', 'add', 'tagged', 'ops@tagged.example.invalid', '--tag', 'prod'], env);
    assert.equal(added.code, 0, added.stderr);
    try {
      const tagged = await runCli(['host', 'tag', 'tagged', '--add', 'eu', '--json'], env);
      assert.equal(tagged.code, 0, tagged.stderr);
      check('host tag', JSON.parse(tagged.stdout));
      const listed = await runCli(['host', 'list', '--tag', 'eu', '--json'], env);
      check('host list --tag', JSON.parse(listed.stdout));
      assert.deepEqual((JSON.parse(listed.stdout) as { hosts: { tags: string[] }[] }).hosts[0]?.tags, [
        'prod',
        'eu',
      ]);
    } finally {
      assert.equal((await runCli(['host', 'remove', 'tagged'], env)).code, 0);
    }
  });

  it('refresh and sync: every JSON line', async () => {
    const refreshed = await runCli(['refresh', '--json'], env);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    const types = lines(refreshed.stdout).map((l) => {
      const e = JSON.parse(l) as { type: string };
      check(`refresh line ${l.slice(0, 60)}`, e);
      return e.type;
    });
    assert.ok(types.includes('refreshed'), types.join(','));
    const synced = await runCli(['sync', '--json'], env);
    for (const l of lines(synced.stdout)) check('sync line', JSON.parse(l));
    assert.ok(lines(synced.stdout).length > 0);
  });

  it('link list, doctor --fix, paste-token (stored and refused), backup list and restore, alert test', async () => {
    check('link list', JSON.parse((await runCli(['link', 'list', '--json'], env)).stdout));
    const fixed = await runCli(['doctor', '--fix', '--json'], env);
    check('doctor --fix', JSON.parse(fixed.stdout));
    const pasted = await runCli(['paste-token', '--json'], env, `${access('js-setup')}\n`);
    assert.equal(pasted.code, 0, pasted.stderr);
    check('paste-token', JSON.parse(pasted.stdout));
    const refused = await runCli(['paste-token', '--json'], env, 'not a token\n');
    assert.equal(refused.code, 1);
    check('paste-token refused', JSON.parse(refused.stdout));
    const list = JSON.parse((await runCli(['backup', 'list', '--json'], env)).stdout) as {
      backups: Array<{ id: string }>;
    };
    check('backup list', list);
    assert.ok(list.backups.length > 0);
    const restored = await runCli(['backup', 'restore', list.backups[0]?.id ?? '', '--json'], env);
    check('backup restore', JSON.parse(restored.stdout));
    const alert = await runCli(['alert', 'test', '--json'], env);
    check('alert test', JSON.parse(alert.stdout));
  });

  it('watch: every line, a settings change among them', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'watch', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 600 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => out.includes('"type":"status"'));
    await h.write('.config/clawkeeper/settings.json', {
      alerts: { channels: [{ type: 'flag-file' }] },
      sync: { reload: 'off' },
    });
    await until(() => out.includes('"type":"settings"'));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    const types = lines(out).map((l) => {
      const e = JSON.parse(l) as { type: string };
      check(`watch line ${l.slice(0, 60)}`, e);
      return e.type;
    });
    assert.ok(types.includes('status') && types.includes('settings'), types.join(','));
  });

  it('saw every output id, and a bare array or a line without its schema fails', () => {
    assert.deepEqual([...seen].sort(), Object.values(OUTPUT).sort());
    const backups = byId.get(OUTPUT.backups);
    assert.ok(backups);
    assert.equal(backups([]), false);
    assert.equal(byId.get(OUTPUT.event)?.({ type: 'paused', at: 1 }), false);
    assert.equal(byId.get(OUTPUT.event)?.({ schema: OUTPUT.event, type: 'paused', at: 1 }), true);
  });
});

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { editInPlace, editableInPlace } from '../../../main/core/writes/config-in-place.ts';
import { parseConfigDocument, type ConfigDocument } from '../../../main/core/formats/config-document.ts';
import { FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { seedBugStore } from '../../helpers/scenarios.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

const JSONC = `// my gateway
{
    "agents": { "defaults": { "model": { "primary": "anthropic/claude-sonnet-4-5" } } }, // the model
    "auth": {
        /* written by hand */
        "profiles": {
            "anthropic:default": { "provider": "anthropic", "mode": "token" }, // keep me
        },
    },
}
`;

/** The document of `text` as an edit reads it (one parse, with where each object is). */
function read(text: string): ConfigDocument {
  const r = parseConfigDocument(text, { spans: true });
  assert.ok(r.ok);
  return r.value;
}

describe('configs edited in place', () => {
  it('doctor --fix changes a JSONC config in place: comments, indentation and trailing commas kept', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const cfg = await h.config(JSONC);
    await h.profiles('main', seedBugStore('ip', Date.now() + 3_600_000, 'sk-ant-ort01-x'));
    const dry = await runCli(['doctor', '--fix', '--dry-run'], h.env());
    assert.doesNotMatch(dry.stdout, /rewritten as plain JSON/);
    const r = await runCli(['doctor', '--fix'], h.env());
    assert.equal(r.stderr, '');
    const after = await readFile(cfg, 'utf8');
    assert.equal(after, JSONC.replace('"mode": "token"', '"mode": "oauth"'), 'only the value changed');
  });

  it('a JSON5-only config (unquoted keys) is rewritten as plain JSON, and --dry-run and --fix say so first', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const text = `// mine\n{ auth: { profiles: { 'anthropic:default': { provider: 'anthropic', mode: 'token' } } } }\n`;
    const cfg = await h.config(text);
    await h.profiles('main', seedBugStore('j5', Date.now() + 3_600_000, 'sk-ant-ort01-y'));
    const dry = await runCli(['doctor', '--fix', '--dry-run'], h.env());
    assert.match(dry.stdout, /cannot be edited in place.*rewritten as plain JSON/s);
    assert.equal(await readFile(cfg, 'utf8'), text);
    const r = await runCli(['doctor', '--fix'], h.env());
    assert.match(r.stderr, /note: .*rewritten as plain JSON/);
    assert.equal(
      (JSON.parse(await readFile(cfg, 'utf8')) as { auth: { profiles: Record<string, { mode: string }> } })
        .auth.profiles['anthropic:default']?.mode,
      'oauth',
    );
  });

  it('editInPlace adds, changes and removes keys, and refuses what jsonc-parser cannot read', () => {
    const text = '{\n  "a": 1,\n  "b": { "c": [1, 2] } // c\n}\n';
    const out = editInPlace(text, read(text), { b: { c: [3], d: 'x' } })!;
    assert.match(out, /\/\/ c/);
    assert.deepEqual(JSON.parse(out.replace(/\/\/ c/, '')), { b: { c: [3], d: 'x' } });
    assert.equal(editableInPlace('{ a: 1 }'), false);
    assert.equal(editableInPlace("{ 'a': 1 }"), false);
    assert.equal(editableInPlace('{ "a": 0x1F }'), false);
    assert.equal(editInPlace('{ a: 1 }', read('{ a: 1 }'), { a: 2 }), null);
  });
});

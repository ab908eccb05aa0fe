/**
 * "Parsed once per run": every whole-text parse of openclaw.json is counted (`configParses`), and
 * one run of each command parses the config once per time it reads the file: discovery's read,
 * the read under OpenClaw's lock before a fix writes (a new read: the file may have changed), and
 * the check after the fixes (a new read of the written file). A 10 MB config used to be parsed
 * about six times by `doctor --fix` (1.2 GB); `test/bench/large-config.bench.ts` prints the cost.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { configParses } from '../../../main/core/formats/config-document.ts';
import { access, claudeCredentials, FixtureHome, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

const JSONC = `// my gateway
{
  "agents": { "list": [{ "id": "main" }] }, // one agent
  "auth": {
    "profiles": {
      "anthropic:manual": { "provider": "anthropic", "mode": "api_key" }, // OpenClaw stores a token
      "anthropic:other": { "provider": "anthropic", "mode": "api_key" },
    },
    "order": { "anthropic": ["anthropic:gone", "anthropic:manual"] },
  },
}
`;
const JSON5_ONLY = JSONC.replace('"agents"', 'agents').replace('"auth"', 'auth');

async function home(config: string): Promise<{ h: FixtureHome; cfg: string; env: NodeJS.ProcessEnv }> {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.claude(
    claudeCredentials({
      access: access('once'),
      refresh: refresh('once'),
      expiresAt: Date.now() + 6 * 3_600_000,
    }),
  );
  const cfg = await h.config(config);
  const token = { type: 'token', provider: 'anthropic', token: access('once-manual') };
  await h.profiles('main', { version: 1, profiles: { 'anthropic:manual': token, 'anthropic:other': token } });
  return { h, cfg, env: h.env({ CLAWKEEPER_DATA_DIR: h.path('data') }) };
}

async function parses(argv: string[], env: NodeJS.ProcessEnv): Promise<{ n: number; stdout: string }> {
  const start = configParses.count;
  const r = await runCli(argv, env);
  assert.ok(r.code >= 0 && r.code <= 2, `${argv.join(' ')} failed: ${r.stderr}`);
  return { n: configParses.count - start, stdout: r.stdout };
}

describe('openclaw.json is parsed once per read', () => {
  for (const [name, text] of [
    ['JSONC', JSONC],
    ['JSON5-only', JSON5_ONLY],
  ] as const)
    it(`${name}: status and doctor --dry-run parse it once; doctor --fix once per read (look, each fix under the lock, check after)`, async () => {
      const { cfg, env } = await home(text);
      assert.equal((await parses(['status', '--json'], env)).n, 1);
      assert.equal((await parses(['doctor', '--dry-run'], env)).n, 1, 'the plan and its rewrite notes');
      const fix = await parses(['doctor', '--fix'], env);
      const fixed = fix.stdout.match(/^Fixed /gm)?.length ?? 0;
      assert.equal(fixed, 3, fix.stdout);
      // the look before (once, shared by the notes and the fixes), one locked read per fix, the check after
      assert.equal(fix.n, 1 + fixed + 1);
      assert.match(await readFile(cfg, 'utf8'), /"mode": "token"/);
      assert.equal((await parses(['sync'], env)).n, 1);
    });
});

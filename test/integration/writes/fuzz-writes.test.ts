/**
 * Damaged stores under every writing command: a file that does not parse (bytes flipped,
 * truncated, invalid UTF-8, wrong shape) is never changed, and no command hangs. A seeded
 * generator, so a failure names the case that reproduces it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import JSON5 from 'json5';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const CASES = Number(process.env.CK_FUZZ_CASES ?? 40);
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function damage(bytes: Buffer, r: () => number): Buffer {
  const out = Buffer.from(bytes);
  switch (Math.floor(r() * 5)) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + r() * 4; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
      return out;
    case 1: // truncated
      return out.subarray(0, Math.floor(r() * out.length));
    case 2: // an invalid UTF-8 sequence inside a string
      return Buffer.concat([
        out.subarray(0, out.indexOf('"email"') + 9),
        Buffer.from([0xc3, 0x28, 0xff]),
        out.subarray(out.indexOf('"email"') + 9),
      ]);
    case 3: // a BOM-less UTF-16 file
      return Buffer.from(out.toString('utf8'), 'utf16le');
    default: // wrong shape
      return Buffer.from(JSON.stringify({ profiles: [out.length], version: 'x' }));
  }
}

const parses = (b: Buffer, json5: boolean) => {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    const v = (json5 ? JSON5.parse(text) : JSON.parse(text)) as { profiles?: unknown };
    return (
      json5 ||
      (v !== null && typeof v === 'object' && typeof v.profiles === 'object' && !Array.isArray(v.profiles))
    );
  } catch {
    return false;
  }
};

describe('damaged stores under sync, doctor --fix and paste-token', () => {
  it(`${CASES} seeded cases: a file that does not parse is left byte for byte, no command hangs`, async () => {
    let untouched = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const r = rng(seed);
      const h = await FixtureHome.create();
      homes.push(h);
      const src = {
        access: access(`fz${seed}`),
        refresh: refresh(`fz${seed}`),
        expiresAt: Date.now() + 6 * HOUR,
      };
      await h.claude(claudeCredentials(src));
      await h.config({
        agents: { list: [{ id: 'main' }] },
        auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'api_key' } } },
      });
      const store = await h.profiles('main', {
        version: 1,
        profiles: {
          'anthropic:claude-cli': {
            type: 'token',
            provider: 'anthropic',
            token: src.access,
            expires: 1,
            email: 'zoë@example.com',
          },
          'anthropic:manual': { type: 'token', provider: 'anthropic', token: access('m') },
        },
      });
      const target = r() < 0.7 ? store : h.path('.openclaw/openclaw.json');
      const damaged = damage(await readFile(target), r);
      await writeFile(target, damaged);
      const ok = parses(damaged, target.endsWith('openclaw.json'));
      const env = h.env({
        CLAWKEEPER_DATA_DIR: h.path('data'),
        CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/none',
      });
      for (const [argv, input] of [
        [['sync'], undefined],
        [['doctor', '--fix'], undefined],
        [['paste-token'], access('p') + '\n'],
      ] as const) {
        const res = await Promise.race([
          runCli([...argv], env, input),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000).unref()),
        ]);
        assert.ok(res, `seed ${seed}: ${argv.join(' ')} hung`);
        assert.ok(!/at .*\.ts:\d+/.test(res.stderr), `seed ${seed}: a stack trace`);
      }
      if (!ok) {
        assert.deepEqual(
          await readFile(target),
          damaged,
          `seed ${seed}: an unparseable ${target} was changed`,
        );
        untouched++;
      }
    }
    console.log(`fuzz writes: ${CASES} cases, ${untouched} unparseable files, all left untouched, 0 hangs`);
    assert.ok(untouched > CASES / 3, 'most cases are damaged beyond parsing');
  });
});

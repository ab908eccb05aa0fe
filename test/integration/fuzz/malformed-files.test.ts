/**
 * Fuzz: at least 300 malformed variants of each input file kind (truncations, wrong types, huge
 * values, non-UTF-8, token-shaped values in every string field, non-regular files). Every
 * variant runs `status` in-process (fast); doctor on a sample; a sample through the real CLI
 * for exit codes. Never exit 70, never a token in any output. Deterministic (seeded).
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { after, describe, it } from 'node:test';
import { access, claudeCredentials, FixtureHome, refresh } from '../../helpers/fixture-home.ts';
import { BIN, runCli, runProcess } from '../../helpers/run-cli.ts';

const now = Date.now();
const T = access('fuzz-secret');
const SECRET_PART = T.slice(13, 40);
const R = refresh('fuzz-secret');
const R_PART = R.slice(13, 40);

let seed = 42;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};

const ODD: unknown[] = [
  null,
  1,
  -1,
  1e308,
  true,
  [],
  {},
  'x'.repeat(100_000),
  T,
  [T],
  { [T]: T },
  '\u0000',
  NaN,
];

const BASES: Record<string, { rel: string; base: () => unknown }> = {
  claude: {
    rel: '.claude/.credentials.json',
    base: () => claudeCredentials({ access: T, refresh: R, expiresAt: now + 3_600_000 }),
  },
  profiles: {
    rel: '.openclaw/agents/main/agent/auth-profiles.json',
    base: () => ({
      version: 1,
      profiles: {
        'anthropic:manual': { type: 'token', provider: 'anthropic', token: T, expires: now + 1e10 },
      },
      order: { anthropic: ['anthropic:manual'] },
      lastGood: { anthropic: 'anthropic:manual' },
      usageStats: {
        'anthropic:manual': {
          errorCount: 1,
          failureCounts: { auth: 1 },
          disabledUntil: now + 1e6,
          disabledReason: 'auth',
        },
      },
    }),
  },
  state: {
    rel: '.openclaw/agents/main/agent/auth-state.json',
    base: () => ({
      version: 1,
      order: { anthropic: ['anthropic:manual'] },
      usageStats: { 'anthropic:manual': { cooldownUntil: now + 1e6, cooldownReason: 'rate_limit' } },
    }),
  },
  config: {
    rel: '.openclaw/openclaw.json',
    base: () => ({
      auth: {
        profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } },
        order: { anthropic: ['anthropic:manual'] },
      },
    }),
  },
  legacy: {
    rel: '.openclaw/credentials/oauth.json',
    base: () => ({ anthropic: { access: T, refresh: R, expires: now - 1000 } }),
  },
};

/** Every string-valued path of a JSON value, to put odd values at. */
function paths(v: unknown, at: string[] = []): string[][] {
  if (v === null || typeof v !== 'object') return [at];
  const out: string[][] = [at];
  for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

function variants(base: unknown, n: number): Array<string | Buffer> {
  const text = JSON.stringify(base, null, 2);
  const ps = paths(base);
  const out: Array<string | Buffer> = [];
  for (let i = 0; out.length < n; i++) {
    switch (i % 6) {
      case 0:
        out.push(text.slice(0, rnd(text.length))); // truncation
        break;
      case 1:
        out.push(JSON.stringify(setAt(base, ps[rnd(ps.length)]!, ODD[rnd(ODD.length)]))); // wrong type / huge / token
        break;
      case 2: {
        // token-shaped value as a key (profile id, provider key)
        const p = ps[rnd(ps.length)]!;
        out.push(JSON.stringify(base).replace(JSON.stringify(p.at(-1) ?? 'version'), JSON.stringify(T)));
        break;
      }
      case 3: {
        const b = Buffer.from(text);
        b[rnd(b.length)] = 0xff; // non-UTF-8
        out.push(b);
        break;
      }
      case 4:
        out.push(text.replace(/"[^"]*"/g, (m) => (rnd(4) === 0 ? JSON.stringify(T) : m))); // tokens in string fields
        break;
      default:
        out.push(['', '{', '[]', 'null', '"x"', '{"profiles":' + '['.repeat(5000)][rnd(6)]!);
    }
  }
  return out;
}

const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

function assertClean(out: string, what: string) {
  assert.ok(!out.includes(SECRET_PART) && !out.includes(R_PART), `${what}: a token reached the output`);
}

describe('fuzz: malformed input files', () => {
  for (const [kind, { rel, base }] of Object.entries(BASES)) {
    it(`${kind}: 300 variants, never exit 70, never a token`, async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      // a sane neighbour for every file kind so each variant is judged in context
      await h.profiles('main', BASES.profiles!.base() as object);
      await h.config(BASES.config!.base() as object);
      const path = h.path(rel);
      await mkdir(dirname(path), { recursive: true });
      const vs = variants(base(), 300);
      for (const [i, v] of vs.entries()) {
        await writeFile(path, v, { mode: 0o600 });
        const r = await runCli(['status', '--json', '--check'], h.env());
        assert.ok([0, 1, 2].includes(r.code), `${kind} #${i}: exit ${r.code}: ${r.stderr}`);
        assertClean(r.stdout + r.stderr, `${kind} #${i}`);
        if (i % 25 === 0) {
          const d = await runCli(['doctor'], h.env());
          assert.ok([0, 1, 2].includes(d.code), `${kind} #${i} doctor: exit ${d.code}: ${d.stderr}`);
          assertClean(d.stdout + d.stderr, `${kind} #${i} doctor`);
        }
      }
      // non-regular files and permission trouble at the same path
      await rm(path, { force: true });
      await mkdir(path);
      let r = await runCli(['status', '--check'], h.env());
      assert.ok([1, 2].includes(r.code), `${kind} as a directory: ${r.code} ${r.stderr}`);
      await rm(path, { recursive: true });
      await symlink(path, path);
      r = await runCli(['status', '--check'], h.env());
      assert.ok([0, 1, 2].includes(r.code), `${kind} as a symlink loop: ${r.code} ${r.stderr}`);
      await rm(path);
      await writeFile(path, JSON.stringify(base()), { mode: 0o000 });
      await chmod(path, 0o000);
      r = await runCli(['status', '--check'], h.env());
      assert.ok([0, 1, 2].includes(r.code), `${kind} mode 000: ${r.code} ${r.stderr}`);
      assertClean(r.stdout + r.stderr, `${kind} mode 000`);
    });
  }

  it('a sample through the real CLI: exit codes, no hang, no token', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const samples = variants(BASES.profiles!.base(), 6);
    for (const v of samples) {
      await h.write('.openclaw/agents/main/agent/auth-profiles.json', v.toString());
      const r = await runProcess(process.execPath, [BIN, 'status', '--check'], h.env(), '', 60_000);
      assert.ok([0, 1, 2].includes(r.code), `real CLI exit ${r.code}: ${r.stderr}`);
      assertClean(r.stdout + r.stderr, 'real CLI');
    }
  });
});

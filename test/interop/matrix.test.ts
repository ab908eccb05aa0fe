import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import {
  access,
  apiKey,
  claudeCredentials,
  DAY,
  FixtureHome,
  HOUR,
  refresh,
} from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { seedBugStore } from '../helpers/scenarios.ts';
import { readConfig, readStores, writeConfig, writeStores, type Stores } from './matrix-store.ts';
import { programs, releasePath, RELEASES, run, type Release } from './programs.ts';

/**
 * The interop matrix: every release from the npm registry, each in one throwaway HOME that all
 * its stages share (each call of a release costs ~3 s of CPU; four releases run at once because a
 * release mostly waits: 2026.9.6's later paste-tokens idle ~45 s offline, FINDINGS.md). Per release:
 * 1. the release writes its store (`models auth paste-token`, token on stdin) and the matrix adds
 *    the other profiles a user has (the seed bug, an API key, a copy of Claude Code's login,
 *    unknown fields, usage stats) in the layout that release uses;
 * 2. Clawkeeper must detect the generation and see what the real `models status --json` sees;
 * 3. `clawkeeper paste-token`, `doctor --fix` (the seed bug) and `sync` (after Claude Code's login
 *    changed) run, and the real `models status --json --check` must accept the result, while
 *    nothing else the release wrote is lost.
 * The table is printed at the end and written to test/interop/matrix.md (docs/compatibility.md's table).
 */
const p = programs();
const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const homes: FixtureHome[] = [];
const rows = new Map<string, Record<string, string>>();
/** releases whose `models auth paste-token` reads a piped token (Clawdbot 2026.1.24-3 and 2026.3.13 prompt) */
const PIPED_PASTE = new Set(['2026.6.1', '2026.6.5', '2026.7.35', '2026.8.2', '2026.9.6']);
/** releases whose `models status --check` fails for the seed bug (the others do not look at config modes) */
const CHECK_SEES_SEED_BUG = new Set(['2026.6.1', '2026.6.5', '2026.7.35', '2026.8.2', '2026.9.6']);
const COLUMNS = [
  'store',
  'generation',
  'read via',
  'profiles agree',
  'fingerprint',
  'verdict agrees',
  'paste-token',
  'sync',
  'doctor --fix',
  'nothing lost',
] as const;
/** profiles Clawkeeper is asked to change; everything else in the store must stay as the release left it */
const CHANGED = new Set(['anthropic:manual', 'anthropic:login', 'anthropic:claude-cli']);

after(async () => {
  if (!process.env.MATRIX_KEEP_HOMES) await Promise.all(homes.map((h) => h.cleanup()));
  else process.stdout.write(`homes kept: ${homes.map((h) => h.home).join(' ')}\n`);
  const head = `| release | ${COLUMNS.join(' | ')} |\n|---|${COLUMNS.map(() => '---').join('|')}|\n`;
  const body = RELEASES.map((r) => {
    const row = rows.get(r.version) ?? {};
    return `| ${r.cli} ${r.version} | ${COLUMNS.map((c) => row[c] ?? 'not run').join(' | ')} |`;
  }).join('\n');
  const table = head + body + '\n';
  process.stdout.write(`\nInterop matrix (release × capability):\n${table}`);
  await writeFile(new URL('./matrix.md', import.meta.url), table);
});

interface OcProfile {
  profileId: string;
  type: string;
  status: string;
}
interface OcStatus {
  code: number;
  profiles: OcProfile[];
  missing: string[];
}

/** One HOME per release: the release's config, Claude Code's login, Clawkeeper's settings kept offline. */
async function setUp(r: Release) {
  const h = await FixtureHome.create();
  homes.push(h);
  const login = { access: access(`login-a-${r.version}`), refresh: refresh(`login-a-${r.version}`) };
  // Clawdbot re-imports Claude Code's login only when its own copy is within 10 min of expiry
  // (external-cli-sync.js): a login about to be refreshed, as when Claude Code refreshes it
  const lifetime = r.generation === 'json-cli-sync' ? 5 * 60_000 : 8 * HOUR;
  await h.claude(claudeCredentials({ ...login, expiresAt: Date.now() + lifetime }));
  await h.write(`${r.state}/${r.config}`, {
    ...MODEL,
    auth: {
      profiles: {
        // the seed bug's config side: the store holds an OAuth login under a config saying token
        'anthropic:default': { provider: 'anthropic', mode: 'token' },
        'anthropic:login': { provider: 'anthropic', mode: 'token' },
        'anthropic:work': { provider: 'anthropic', mode: 'api_key' },
        ...(PIPED_PASTE.has(r.version)
          ? {}
          : { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } }),
      },
    },
  });
  // reload off and no probes: the matrix checks stores, and nothing may leave 127.0.0.1. Offline,
  // 2026.9.6's second paste-token waits ~45 s for the local Gateway before it returns (FINDINGS.md)
  await h.write('ck/settings.json', {
    sync: { reload: 'off' },
    probe: { enabled: false },
    openclaw: { cliTimeoutMs: 180_000 },
  });
  const env = h.env({
    PATH: releasePath(p, r),
    [r.stateEnv]: h.path(r.state),
    CLAWKEEPER_CONFIG: h.path('ck/settings.json'),
    CLAWKEEPER_DATA_DIR: h.path('ck/data'),
    CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/v1/oauth/token',
    CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
  });
  const bin = p.releases[r.version]!;
  const oc = (args: string[], input?: string) => run(bin, args, env, input);
  const ocStatus = async (): Promise<OcStatus> => {
    const res = await oc(['models', 'status', '--json', '--check']);
    const doc = JSON.parse(res.stdout.slice(res.stdout.indexOf('{'))) as {
      auth: { oauth: { profiles: OcProfile[] }; missingProvidersInUse?: string[] };
    };
    return {
      code: res.code,
      profiles: doc.auth.oauth.profiles,
      missing: doc.auth.missingProvidersInUse ?? [],
    };
  };
  const ck = async (args: string[], input?: string) => spawnCli(args, env, input);
  const ckStatus = async () => JSON.parse((await ck(['status', '--json'])).stdout) as StatusReport;
  return { h, env, oc, ocStatus, ck, ckStatus, login };
}

/** The profiles a user has beside the pasted one, added in the release's own layout. */
async function addUserProfiles(h: FixtureHome, r: Release, loginAccess: string, setupToken: string) {
  const s = await readStores(h, r);
  const now = Date.now();
  s.store.profiles = {
    ...s.store.profiles,
    ...seedBugStore(`default-${r.version}`, now + 30 * DAY).profiles,
    'anthropic:work': { type: 'api_key', provider: 'anthropic', key: apiKey(`work-${r.version}`) },
    'anthropic:login': { type: 'token', provider: 'anthropic', token: loginAccess, expires: now + 8 * HOUR },
    ...(PIPED_PASTE.has(r.version)
      ? {}
      : {
          'anthropic:manual': {
            type: 'token',
            provider: 'anthropic',
            token: setupToken,
            expires: now + 200 * DAY,
          },
        }),
  };
  // unknown fields only where Clawkeeper writes the file itself: a SQLite release rewrites its
  // store from its own schema on every paste-token (2026.9.6 drops both), which is not ours to keep
  const json = !r.generation.startsWith('sqlite');
  if (json) {
    s.store['x-matrix'] = { kept: 'an unknown top-level field' };
    s.store.profiles['anthropic:work'] = { ...s.store.profiles['anthropic:work'], note: 'kept' };
  }
  const usageStats = {
    'anthropic:work': { lastUsed: now - HOUR, errorCount: 0 },
    'anthropic:default': { lastUsed: now - 2 * HOUR, errorCount: 1, failureCounts: { timeout: 1 } },
  };
  s.state = { version: 1, ...s.state, usageStats };
  await writeStores(h, r, s);
  // the user's order names the broken profile (the seed story): OpenClaw must use that one. Set
  // after the release's paste-token, which appends its profile to an existing order.
  const cfg = await readConfig(h, r);
  await writeConfig(h, r, {
    ...cfg,
    auth: { ...(cfg.auth as object), order: { anthropic: ['anthropic:default'] } },
  });
}

/** What differs between two snapshots outside the profiles Clawkeeper was asked to change. */
function lost(before: Stores, after: Stores): string[] {
  const out: string[] = [];
  for (const [id, prof] of Object.entries(before.store.profiles))
    if (!CHANGED.has(id) && JSON.stringify(after.store.profiles[id]) !== JSON.stringify(prof)) out.push(id);
  for (const [k, v] of Object.entries(before.store))
    if (k !== 'profiles' && JSON.stringify(after.store[k]) !== JSON.stringify(v)) out.push(k);
  if (JSON.stringify(before.state?.usageStats) !== JSON.stringify(after.state?.usageStats))
    out.push('usageStats');
  return out;
}

describe(
  'interop matrix: each release writes, Clawkeeper reads and writes what it accepts',
  { concurrency: 4 },
  () => {
    for (const r of RELEASES) {
      it(`${r.cli} ${r.version}`, async () => {
        const row: Record<string, string> = {};
        rows.set(r.version, row);
        const { h, oc, ocStatus, ck, ckStatus, login } = await setUp(r);
        const setupToken = access(`matrix-${r.version}`);
        const piped = PIPED_PASTE.has(r.version);
        if (piped) {
          const args = [
            'models',
            'auth',
            'paste-token',
            '--provider',
            'anthropic',
            '--profile-id',
            'anthropic:manual',
          ];
          const paste = await oc([...args, '--expires-in', '200d'], `${setupToken}\n`);
          assert.equal(paste.code, 0, `${r.cli} paste-token failed: ${paste.stderr.slice(-400)}`);
        }
        row.store = piped ? 'written by the release' : 'fixture (paste-token prompts)';
        await addUserProfiles(h, r, login.access, setupToken);

        // 2. the same view
        // one after the other: Clawdbot writes Claude Code's login into its store while it loads
        const first = await ocStatus();
        const report = await ckStatus();
        const install = report.installs.find((i) => i.label === r.cli) ?? report.installs[0];
        row.generation =
          install?.generation === r.generation ? `✅ ${r.generation}` : `❌ ${install?.generation}`;
        row['read via'] = install?.readVia ?? 'none';
        assert.equal(install?.generation, r.generation);
        if (r.generation.startsWith('sqlite'))
          assert.equal(install?.readVia, 'sqlite', install?.readNotes.join('; '));
        const main = `${r.cli}:main/`;
        const theirs = first.profiles.map((x) => x.profileId).sort();
        const ours = report.credentials
          .filter((c) => c.id.startsWith(main) && !c.id.endsWith('@json'))
          .map((c) => c.id.slice(main.length))
          .sort();
        row['profiles agree'] =
          JSON.stringify(theirs) === JSON.stringify(ours) ? '✅' : `❌ ${ours.join(',')}`;
        assert.deepEqual(ours, theirs);
        const manual = report.credentials.find((c) => c.id === `${main}anthropic:manual`);
        row.fingerprint = manual?.fingerprint === fingerprintOf(setupToken) ? '✅' : '❌';
        assert.equal(manual?.fingerprint, fingerprintOf(setupToken));
        const theirState = first.profiles.find((x) => x.profileId === 'anthropic:manual')?.status;
        row['verdict agrees'] =
          manual?.state === theirState
            ? `✅ ${theirState}`
            : `❌ ours ${manual?.state}, theirs ${theirState}`;
        assert.equal(manual?.state, theirState);
        const before = await readStores(h, r);
        const configBefore = await readConfig(h, r);

        // 3a. doctor --fix of the seed bug, then the release's verdict on the fixed config
        const fix = await ck(['doctor', '--fix']);
        assert.match(fix.stdout, /Fixed mode-type-mismatch/, fix.stdout + fix.stderr);
        const fixedCheck = await ocStatus();
        const cfgFixed = (await readConfig(h, r)) as {
          auth: { profiles: Record<string, { mode: string }>; order?: unknown };
        };
        // 3b. paste-token
        const newToken = access(`pasted-${r.version}`);
        const paste = await ck(['paste-token', '--json'], `${newToken}\n`);
        assert.equal(paste.code, 0, paste.stdout + paste.stderr);
        const via = (JSON.parse(paste.stdout) as { targets: Array<{ via: string }> }).targets.map(
          (t) => t.via,
        );
        // 3c. sync after Claude Code's login changed (a refresh elsewhere: new access and refresh token)
        const linked = r.generation.startsWith('sqlite')
          ? await ck(['link', 'add', '--agent', 'main', '--profile-id', 'anthropic:login'])
          : null;
        if (linked) assert.equal(linked.code, 0, linked.stdout + linked.stderr);
        const next = access(`login-b-${r.version}`);
        await h.claude(
          claudeCredentials({
            access: next,
            refresh: refresh(`login-b-${r.version}`),
            expiresAt: Date.now() + 8 * HOUR,
          }),
        );
        const sync = await ck(['sync', '--json']);
        assert.notEqual(sync.code, 1, sync.stdout + sync.stderr);

        const last = await ocStatus();
        const final = await ckStatus();
        const theirsNow = (id: string) => last.profiles.find((x) => x.profileId === id);
        const oursNow = (id: string) => final.credentials.find((c) => c.id === `${main}${id}`);
        const pasted = theirsNow('anthropic:manual');
        const pasteOk =
          pasted?.status === 'ok' && oursNow('anthropic:manual')?.fingerprint === fingerprintOf(newToken);
        row['paste-token'] = pasteOk ? `✅ via ${via.join(', ')}` : `❌ theirs ${pasted?.status}`;
        const synced = oursNow('anthropic:login')?.fingerprint === fingerprintOf(next);
        row.sync = synced
          ? `✅ ${linked ? 'link add, via openclaw CLI' : 'auto link, file'}`
          : `❌ holds ${oursNow('anthropic:login')?.fingerprint}`;
        const fixed =
          cfgFixed.auth.profiles['anthropic:default']?.mode === 'oauth' &&
          JSON.stringify(cfgFixed.auth.order) === JSON.stringify({ anthropic: ['anthropic:default'] }) &&
          !fixedCheck.missing.includes('anthropic') &&
          fixedCheck.code !== 1;
        const sees = CHECK_SEES_SEED_BUG.has(r.version);
        row['doctor --fix'] = !fixed
          ? `❌ --check ${first.code} → ${fixedCheck.code}`
          : sees
            ? `✅ --check ${first.code} → ${fixedCheck.code}`
            : `✅ (--check blind to it: ${first.code} → ${fixedCheck.code})`;
        const cfg = (await readConfig(h, r)) as { auth: { profiles: Record<string, unknown> } };
        // 5. Clawdbot keeps anthropic:claude-cli in step with Claude Code's login itself on every load:
        // Clawkeeper's syncs between its loads must leave that profile alone (no write, no backup)
        if (r.generation === 'json-cli-sync') {
          const owned = async () => (await readStores(h, r)).store.profiles['anthropic:claude-cli'];
          const backups = async () =>
            (await readdir(h.path('ck/data/backups')).catch(() => [])).filter((f) => f.endsWith('.bak'))
              .length;
          const backupsBefore = await backups();
          const touched: number[] = [];
          for (let round = 0; round < 2; round++) {
            const held = JSON.stringify(await owned());
            const again = await ck(['sync', '--json']);
            assert.notEqual(again.code, 1, again.stdout + again.stderr);
            if (JSON.stringify(await owned()) !== held) touched.push(round);
            await oc(['models', 'status', '--json']); // Clawdbot loads its store again
          }
          const made = (await backups()) - backupsBefore;
          const cli = await owned();
          const seen = (await ckStatus()).credentials.find((c) => c.id === `${main}anthropic:claude-cli`);
          const current = cli?.access === next;
          const left = touched.length === 0 && made === 0 && current && seen?.state === 'ok';
          row.sync += left
            ? `; claude-cli left to Clawdbot (3 loads, 2 syncs: 0 writes, 0 backups; status: ${seen.state}, copy of the login)`
            : `; ❌ claude-cli: writes in rounds ${touched.join(',')}, ${made} backups, status ${seen?.state}`;
          assert.deepEqual(touched, [], 'Clawkeeper wrote the profile Clawdbot keeps');
          assert.equal(made, 0, 'backups made while only Clawdbot changed its own profile');
          assert.equal(cli?.type, 'oauth');
          assert.ok(current, 'Clawdbot imported the current login itself');
          assert.equal(seen?.state, 'ok', seen?.reason);
          assert.ok(seen?.copies.includes('claude-code'), `copies: ${seen?.copies.join(',')}`);
        }
        const gone = lost(before, await readStores(h, r));
        const cfgBefore = configBefore as { auth: { profiles: Record<string, unknown> } };
        for (const [id, v] of Object.entries(cfgBefore.auth.profiles))
          if (id !== 'anthropic:default' && JSON.stringify(cfg.auth.profiles[id]) !== JSON.stringify(v))
            gone.push(`config ${id}`);
        row['nothing lost'] = gone.length === 0 ? '✅' : `❌ ${gone.join(', ')}`;

        assert.equal(pasted?.type, 'token');
        assert.ok(pasteOk, `pasted profile: theirs ${JSON.stringify(pasted)}`);
        assert.ok(synced, `sync: ${sync.stdout}`);
        assert.ok(theirsNow('anthropic:login'), 'the release still lists the synced profile');
        if (sees) {
          assert.equal(first.code, 1, 'the seed bug fails --check before the fix');
          assert.ok(first.missing.includes('anthropic'));
        }
        assert.ok(
          fixed,
          `after doctor --fix: ${JSON.stringify(cfgFixed.auth)} ${JSON.stringify(fixedCheck)}`,
        );
        assert.notEqual(last.code, 1, `--check after the fixes: ${JSON.stringify(last)}`);
        assert.deepEqual(gone, []);
      });
    }
  },
);

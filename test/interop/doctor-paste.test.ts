import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { access, DAY, FixtureHome } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { openclawPath, programs, run, type Programs } from './programs.ts';
import { SEED_BUG_CONFIG_PROFILES, seedBugStore } from '../helpers/scenarios.ts';

interface OcStatus {
  auth: {
    oauth: { profiles: Array<{ profileId: string; type: string; status: string }> };
    missingProvidersInUse: string[];
  };
}

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const now = Date.now();
let p: Programs;
const homes: FixtureHome[] = [];
before(() => {
  p = programs();
});
after(async () => Promise.all(homes.map((h) => h.cleanup())));

async function home(version: '2026.6.1' | '2026.9.6') {
  const h = await FixtureHome.create();
  homes.push(h);
  const env = h.env({ PATH: openclawPath(p, version), OPENCLAW_STATE_DIR: h.path('.openclaw') });
  const oc = (...args: string[]) => run(p.openclaw[version], args, env);
  return { h, env, oc };
}

function profileStatus(stdout: string, id: string): { type: string; status: string } | undefined {
  return (JSON.parse(stdout) as OcStatus).auth.oauth.profiles.find((x) => x.profileId === id);
}

describe('clawkeeper doctor --fix against the real OpenClaw 2026.6.1', () => {
  it('fixes the seed bug (config mode token, stored oauth): `models status --check` goes from 1 to 0', async () => {
    const { h, env, oc } = await home('2026.6.1');
    await h.config({
      ...MODEL,
      auth: { profiles: SEED_BUG_CONFIG_PROFILES },
    });
    // A long expiry: 2026.6.1 calls an 8 h login `expiring` (--check exit 2; FINDINGS.md §2).
    await h.profiles('main', seedBugStore('seed-interop', now + 30 * DAY));
    assert.equal((await oc('models', 'status', '--check')).code, 1, 'the seed bug is broken for OpenClaw');
    const fix = await spawnCli(['doctor', '--fix'], env);
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    assert.match(fix.stdout, /Fixed mode-type-mismatch/);
    const check = await oc('models', 'status', '--check');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const status = await oc('models', 'status', '--json');
    assert.ok(!(JSON.parse(status.stdout) as OcStatus).auth.missingProvidersInUse.includes('anthropic'));
  });
});

describe('clawkeeper paste-token into the real OpenClaw', () => {
  it('2026.9.6 (shared SQLite): stored through `openclaw models auth paste-token`, then `ok` in models status', async () => {
    const { h, env, oc } = await home('2026.9.6');
    await h.config(MODEL);
    const tok = access('paste-9-6');
    const r = await spawnCli(['paste-token', '--json'], env, tok + '\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(tok.slice(13, 45)));
    const out = JSON.parse(r.stdout) as {
      targets: Array<{ via: string; location: string; backupId: string | null }>;
    };
    assert.equal(out.targets[0]?.via, 'openclaw-cli');
    assert.match(out.targets[0]?.location ?? '', /state\/openclaw\.sqlite$/);
    assert.ok(out.targets[0]?.backupId, 'openclaw.json was backed up before OpenClaw rewrote it');
    const status = await oc('models', 'status', '--json');
    assert.equal(status.code, 0, status.stderr);
    const prof = profileStatus(status.stdout, 'anthropic:manual');
    assert.equal(prof?.status, 'ok');
    assert.equal(prof?.type, 'token');
  });

  it('2026.6.1 (JSON): written directly, then `ok` in models status and --check exits 0', async () => {
    const { h, env, oc } = await home('2026.6.1');
    const cfg = await h.config(MODEL);
    const cfgBefore = await readFile(cfg, 'utf8');
    const r = await spawnCli(['paste-token', '--json'], env, access('paste-6-1'));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((JSON.parse(r.stdout) as { targets: Array<{ via: string }> }).targets[0]?.via, 'file');
    assert.equal(await readFile(cfg, 'utf8'), cfgBefore, 'no config entry was needed');
    const status = await oc('models', 'status', '--json');
    assert.equal(profileStatus(status.stdout, 'anthropic:manual')?.status, 'ok');
    assert.equal((await oc('models', 'status', '--check')).code, 0);
  });
});

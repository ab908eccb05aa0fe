/**
 * A running `clawkeeper watch` follows the installation itself: OpenClaw 2026.6.1 (JSON store) is
 * replaced by 2026.9.6 (the `openclaw` on PATH now points at the new release), whose own
 * `doctor --fix` migrates the store into SQLite, while Claude Code's login changes before and
 * after. After each login change the release's own `models status --json` shows the new token
 * (its label ends with the token's last characters) and expiry for the copy; no restart.
 */
import assert from 'node:assert/strict';
import { readdir, rename, symlink } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { watchJson, type WatchLine, type WatchProcess } from '../helpers/watch-json.ts';
import { programs, run, type Programs } from './programs.ts';

const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const COPY = 'openclaw:main/anthropic:copy';

interface OcProfile {
  profileId: string;
  status: string;
  expiresAt?: number;
}
interface OcStatus {
  auth: {
    oauth: { profiles: OcProfile[] };
    providers: Array<{ provider: string; profiles: { labels: string[] } }>;
  };
}

describe('watch follows an OpenClaw upgrade', () => {
  const fake = new FakeTokenEndpoint();
  const homes: FixtureHome[] = [];
  const watches: WatchProcess[] = [];
  let p: Programs;
  before(async () => {
    p = programs();
    await fake.start();
  });
  after(async () => {
    for (const w of watches) await w.stop();
    await fake.stop();
    await Promise.all(homes.map((h) => h.cleanup()));
  });

  it(
    '2026.6.1 → 2026.9.6 with its own doctor migration between two logins: the copy stays current, no restart',
    { timeout: 600_000 },
    async () => {
      const h = await FixtureHome.create();
      homes.push(h);
      // the openclaw on PATH is a symlink an upgrade swaps (as a global npm prefix's bin/ does)
      await symlink(p.openclaw['2026.6.1'], h.path('bin-openclaw'));
      await h.write('bin/.keep', '');
      await rename(h.path('bin-openclaw'), h.path('bin/openclaw'));
      const env = h.env({
        PATH: `${p.node24}:${h.path('bin')}:${process.env.PATH ?? ''}`,
        OPENCLAW_STATE_DIR: h.path('.openclaw'),
        CLAWKEEPER_DATA_DIR: h.path('data'),
        CLAWKEEPER_TOKEN_URL: fake.url,
        CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
      });
      // no gateway runs here: no reload; 2026.9.6's paste-token waits ~45 s for one (FINDINGS.md)
      await h.write('.config/clawkeeper/settings.json', {
        sync: { reload: 'off' },
        probe: { enabled: false },
        openclaw: { cliTimeoutMs: 240_000 },
      });
      await h.config({
        ...MODEL,
        auth: { profiles: { 'anthropic:copy': { provider: 'anthropic', mode: 'token' } } },
      });
      const login = async (seed: string, hours: number) => {
        const creds = claudeCredentials({
          access: access(seed),
          refresh: refresh(seed),
          expiresAt: Date.now() + hours * HOUR,
        });
        await h.write('.claude/.credentials.json.new', creds);
        await rename(h.path('.claude/.credentials.json.new'), h.path('.claude/.credentials.json'));
        return creds.claudeAiOauth;
      };
      const oc = (args: string[], input?: string) => run(h.path('bin/openclaw'), args, env, input, 240_000);
      const ocCopy = async () => {
        const r = await oc(['models', 'status', '--json']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const doc = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as OcStatus;
        const labels = doc.auth.providers.flatMap((x) => x.profiles.labels);
        return {
          profile: doc.auth.oauth.profiles.find((x) => x.profileId === 'anthropic:copy'),
          label: labels.find((l) => l.startsWith('anthropic:copy=')) ?? '',
        };
      };
      const tail = (token: string) => token.slice(-8);

      // Claude Code's login v1; the user pasted it into OpenClaw 2026.6.1 with its own command
      const v1 = await login('up-v1', 7);
      const paste = await oc(
        [
          'models',
          'auth',
          'paste-token',
          '--provider',
          'anthropic',
          '--profile-id',
          'anthropic:copy',
          '--expires-in',
          '6h',
        ],
        v1.accessToken,
      );
      assert.equal(paste.code, 0, paste.stdout + paste.stderr);

      const w = watchJson(env);
      watches.push(w);
      const status = (pred: (r: StatusReport) => boolean) => (e: WatchLine) =>
        e.type === 'status' && pred(e.report as StatusReport);
      await w.waitFor('the first status', (e) => e.type === 'status', 60_000);

      // login change 1, on 2026.6.1: the JSON copy is written
      const v2 = await login('up-v2', 8);
      await w.waitFor(
        'the copy synced (v2)',
        (e) => e.type === 'synced' && e.fingerprint === fingerprintOf(v2.accessToken),
        60_000,
      );
      const json = await ocCopy();
      assert.ok(json.label.endsWith(tail(v2.accessToken)), `2026.6.1 sends v2: ${json.label}`);
      assert.equal(json.profile?.expiresAt, v2.expiresAt, '2026.6.1 shows the expiry of v2');

      // the upgrade: the openclaw on PATH is now 2026.9.6
      let from = w.lines.length;
      await symlink(p.openclaw['2026.9.6'], h.path('bin-openclaw'));
      await rename(h.path('bin-openclaw'), h.path('bin/openclaw'));
      const changed = await w.waitFor(
        'the upgrade noticed',
        (e) => e.type === 'installation-changed',
        60_000,
        from,
      );
      const said = (changed.changes as string[]).join('\n');
      assert.match(said, /release 2026\.6\.1 → 2026\.9\.6/);
      assert.match(said, /store moved from JSON files to the shared SQLite database/);
      assert.match(said, /anthropic:copy is left in a JSON store this release no longer reads/);
      // until the store is migrated, not green: the JSON file this release no longer reads is said
      const waiting = await w.waitFor(
        'a status after the upgrade',
        status((r) => r.exitCode === 1),
        60_000,
        from,
      );
      const wr = waiting.report as StatusReport;
      assert.ok(
        wr.credentials.some((c) => c.id === `${COPY}@json` && c.state === 'misconfigured'),
        JSON.stringify(wr.credentials),
      );

      // OpenClaw's own migration (the gateway is stopped: none runs here)
      from = w.lines.length;
      const doctor = await oc(['doctor', '--fix', '--non-interactive']);
      assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
      assert.ok(
        (await readdir(h.path('.openclaw/agents/main/agent'))).some((f) =>
          f.startsWith('auth-profiles.json.migrated-'),
        ),
        'the release archived its JSON store',
      );
      await w.waitFor(
        'the migrated copy seen in SQLite, current',
        status(
          (r) =>
            r.credentials.some((c) => c.id === COPY && c.state === 'ok') &&
            !r.credentials.some((c) => c.id === `${COPY}@json`),
        ),
        60_000,
        from,
      );

      await w.waitFor(
        'the import said',
        (e) =>
          e.type === 'installation-changed' &&
          String(e.changes).includes('was imported into the SQLite store'),
        60_000,
        from,
      );

      // login change 2, on 2026.9.6: written through its own paste-token into the SQLite store
      from = w.lines.length;
      const v3 = await login('up-v3', 6);
      const synced = await w.waitFor(
        'the copy synced through the openclaw CLI (v3)',
        (e) => e.type === 'synced' && e.fingerprint === fingerprintOf(v3.accessToken),
        300_000,
        from,
      );
      assert.match(String(synced.target), /via the openclaw CLI/);
      const sqlite = await ocCopy();
      assert.ok(sqlite.label.endsWith(tail(v3.accessToken)), `2026.9.6 sends v3: ${sqlite.label}`);
      const shown = sqlite.profile?.expiresAt ?? 0;
      assert.ok(
        shown <= v3.expiresAt + 60_000 && shown > v3.expiresAt - HOUR - 60_000,
        `2026.9.6 shows an expiry within the hour before v3's: ${shown} vs ${v3.expiresAt}`,
      );
      const ours = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as StatusReport;
      assert.equal(ours.credentials.find((c) => c.id === COPY)?.fingerprint, fingerprintOf(v3.accessToken));

      assert.equal(await w.stop(), 0, w.stderr());
      const printed = JSON.stringify(w.lines) + w.stderr();
      for (const v of [v1, v2, v3]) assert.ok(!printed.includes(v.accessToken.slice(13)), 'no token printed');
    },
  );
});

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import { access, FixtureHome } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { programs, releasePath, RELEASES, run, type Release } from './programs.ts';

/**
 * The interop matrix: every release from the npm registry, each in its own throwaway HOME.
 * The real program writes its store (`models auth paste-token`, token on stdin); Clawkeeper
 * must detect the generation, see the same profiles as the real `models status --json`, and
 * (where it reads the store itself) hold the token's fingerprint. The table is printed at the
 * end and written to test/interop/matrix.md (README's compatibility table).
 */
const p = programs();
const MODEL = { agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } };
const homes: FixtureHome[] = [];
const rows = new Map<string, Record<string, string>>();
/** releases whose `models auth paste-token` reads a piped token (Clawdbot 2026.1.24-3 and 2026.3.13 prompt) */
const PIPED_PASTE = new Set(['2026.6.1', '2026.6.5', '2026.7.35', '2026.8.2', '2026.9.6']);
const COLUMNS = [
  'store',
  'generation',
  'read via',
  'profiles agree',
  'fingerprint',
  'verdict agrees',
] as const;

after(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
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
  status: string;
}

async function setUp(r: Release) {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.write(`${r.state}/${r.config}`, MODEL);
  const env = h.env({ PATH: releasePath(p, r), [r.stateEnv]: h.path(r.state) });
  return { h, env };
}

describe('interop matrix: each release writes, Clawkeeper reads the same', { concurrency: 2 }, () => {
  for (const r of RELEASES) {
    it(`${r.cli} ${r.version}`, async () => {
      const row: Record<string, string> = {};
      rows.set(r.version, row);
      const { h, env } = await setUp(r);
      const bin = p.releases[r.version]!;
      const token = access(`matrix-${r.version}`);
      if (PIPED_PASTE.has(r.version)) {
        const paste = await run(
          bin,
          [
            'models',
            'auth',
            'paste-token',
            '--provider',
            'anthropic',
            '--profile-id',
            'anthropic:manual',
            '--expires-in',
            '200d',
          ],
          env,
          `${token}\n`,
        );
        assert.equal(paste.code, 0, `${r.cli} paste-token failed: ${paste.stderr.slice(-400)}`);
        row.store = 'written by the release';
      } else {
        // its paste-token prompts (no piped token): the store is written the way this release writes it
        await h.write(`${r.state}/agents/main/agent/auth-profiles.json`, {
          version: 1,
          profiles: {
            'anthropic:manual': {
              type: 'token',
              provider: 'anthropic',
              token,
              expires: Date.now() + 200 * 86_400_000,
            },
          },
        });
        await h.write(`${r.state}/${r.config}`, {
          ...MODEL,
          auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
        });
        row.store = 'fixture (paste-token prompts)';
      }
      const [oc, ck] = await Promise.all([
        run(bin, ['models', 'status', '--json'], env),
        spawnCli(['status', '--json'], env),
      ]);
      const report = JSON.parse(ck.stdout) as StatusReport;
      const install = report.installs.find((i) => i.label === r.cli) ?? report.installs[0];
      row.generation =
        install?.generation === r.generation ? `✅ ${r.generation}` : `❌ ${install?.generation}`;
      row['read via'] = install?.readVia ?? 'none';
      assert.equal(install?.generation, r.generation);
      if (r.generation.startsWith('sqlite'))
        assert.equal(install?.readVia, 'sqlite', install?.readNotes.join('; '));

      const ocDoc = JSON.parse(oc.stdout.slice(oc.stdout.indexOf('{'))) as {
        auth: { oauth: { profiles: OcProfile[] } };
      };
      const theirs = ocDoc.auth.oauth.profiles.map((x) => x.profileId).sort();
      const ours = report.credentials
        .filter((c) => c.id.startsWith(`${r.cli}:main/`) && !c.id.endsWith('@json'))
        .map((c) => c.id.slice(`${r.cli}:main/`.length))
        .sort();
      row['profiles agree'] = JSON.stringify(theirs) === JSON.stringify(ours) ? '✅' : `❌ ${ours.join(',')}`;
      assert.deepEqual(ours, theirs);

      const mine = report.credentials.find((c) => c.id === `${r.cli}:main/anthropic:manual`);
      row.fingerprint = mine?.fingerprint === fingerprintOf(token) ? '✅' : '❌';
      assert.equal(mine?.fingerprint, fingerprintOf(token));

      const theirState = ocDoc.auth.oauth.profiles.find((x) => x.profileId === 'anthropic:manual')?.status;
      row['verdict agrees'] =
        mine?.state === theirState ? `✅ ${theirState}` : `❌ ours ${mine?.state}, theirs ${theirState}`;
      assert.equal(mine?.state, theirState);
    });
  }
});

/**
 * Clawdbot 2026.1.24-3 keeps `anthropic:claude-cli` in step with Claude Code's login itself, but
 * only once its copy is within 10 min of expiry (or a token, or missing). Between Claude Code's
 * refresh and that window the copy holds the older token: Clawkeeper judges it as Clawdbot acts
 * (ok, nothing to sync), and the real Clawdbot shows the rule it is judged by.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { StatusReport } from '../../main/core/health/report.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { spawnCli } from '../helpers/run-cli.ts';
import { programs, releasePath, RELEASES, run } from './programs.ts';

const CLAWDBOT = RELEASES.find((r) => r.version === '2026.1.24-3')!;
const COPY = 'clawdbot:main/anthropic:claude-cli';
const homes: FixtureHome[] = [];
after(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
});

interface Store {
  profiles: Record<string, { access?: string; expires?: number; type?: string }>;
}

describe('Clawdbot 2026.1.24-3 and its own copy of the login', () => {
  it(
    'an older copy outside the 10 min window: Clawdbot keeps it, Clawkeeper calls it ok and sync says it is in step; inside the window Clawdbot re-imports the login',
    { timeout: 120_000 },
    async () => {
      const p = programs();
      const h = await FixtureHome.create();
      homes.push(h);
      const current = access('cb-current');
      const older = access('cb-older');
      await h.claude(
        claudeCredentials({
          access: current,
          refresh: refresh('cb-current'),
          expiresAt: Date.now() + 8 * HOUR,
        }),
      );
      await h.config(
        {
          agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
          auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' } } },
        },
        '.clawdbot',
        'clawdbot.json',
      );
      const store = (expires: number) => ({
        version: 1,
        profiles: {
          'anthropic:claude-cli': {
            type: 'oauth',
            provider: 'anthropic',
            access: older,
            refresh: refresh('cb-older'),
            expires,
          },
        },
      });
      // Claude Code refreshed ten minutes ago; Clawdbot's copy still has 7 h 50 m
      const file = await h.profiles('main', store(Date.now() + 7 * HOUR + 50 * 60_000), '.clawdbot');
      const env = h.env({
        PATH: releasePath(p, CLAWDBOT),
        CLAWDBOT_STATE_DIR: h.path('.clawdbot'),
        CLAWKEEPER_DATA_DIR: h.path('data'),
        CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/v1/oauth/token',
        CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
      });
      const held = async () =>
        (JSON.parse(await readFile(file, 'utf8')) as Store).profiles['anthropic:claude-cli'];
      const clawdbot = () => run(p.releases[CLAWDBOT.version]!, ['models', 'status', '--json'], env);

      assert.equal((await clawdbot()).code, 0);
      assert.equal((await held())?.access, older, 'Clawdbot keeps its copy outside the window');
      const status = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as StatusReport;
      const copy = status.credentials.find((c) => c.id === COPY);
      assert.equal(copy?.state, 'ok', copy?.reason);
      assert.match(copy?.reason ?? '', /Clawdbot re-imports the login 10 min before this copy expires/);
      assert.equal(status.exitCode, 0);
      const sync = await spawnCli(['sync'], env);
      assert.equal(sync.code, 0, sync.stdout + sync.stderr);
      assert.doesNotMatch(sync.stdout, /older token/);
      assert.match(sync.stdout, /Everything is in step/);
      assert.equal((await held())?.access, older, 'sync left the copy to Clawdbot');

      // inside the window (5 min left): Clawdbot's next load imports the current login
      await writeFile(file, JSON.stringify(store(Date.now() + 5 * 60_000)), { mode: 0o600 });
      const again = JSON.parse((await spawnCli(['status', '--json'], env)).stdout) as StatusReport;
      assert.match(again.credentials.find((c) => c.id === COPY)?.reason ?? '', /on its next use/);
      assert.equal((await clawdbot()).code, 0);
      assert.equal((await held())?.access, current, 'Clawdbot re-imported the login on its next load');
    },
  );
});

// Benchmark: one login change reaching N JSON-store copies (`clawkeeper sync`), N = 100 and 500.
// Prints wall time, CPU and peak RSS, and how many copies hold the new token; asserts nothing.
import { readFile } from 'node:fs/promises';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { timedCli as timed } from './timed-cli.ts';

console.log('# one login change -> N linked copies (clawkeeper sync)');
for (const n of [100, 500]) {
  const h = await FixtureHome.create();
  const now = Date.now();
  const old = access('sync-old');
  await h.claude(claudeCredentials({ access: old, refresh: refresh('sync-old'), expiresAt: now + 6 * HOUR }));
  await h.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  const ids = Array.from({ length: n }, (_, i) => (i === 0 ? 'main' : `agent${i}`));
  for (const id of ids)
    await h.profiles(id, {
      version: 1,
      profiles: {
        'anthropic:copy': { type: 'token', provider: 'anthropic', token: old, expires: now + 6 * HOUR },
      },
    });
  const env = h.env({ PATH: '/usr/bin:/bin' });
  timed(['sync'], env); // links the copies and remembers the lineage
  const fresh = access('sync-new');
  await h.claude(
    claudeCredentials({ access: fresh, refresh: refresh('sync-new'), expiresAt: now + 8 * HOUR }),
  );
  const s = timed(['sync'], env);
  let landed = 0;
  for (const id of ids)
    if ((await readFile(h.path(`.openclaw/agents/${id}/agent/auth-profiles.json`), 'utf8')).includes(fresh))
      landed++;
  console.log(
    `${String(n).padStart(4)} copies: ${s.wallMs.toFixed(0).padStart(6)} ms wall ${s.cpuMs.toFixed(0).padStart(6)} ms CPU ${s.rssMb.toFixed(0).padStart(4)} MB, ${landed}/${n} hold the new token (exit ${s.code}; goal at 500: < 3 s)`,
  );
  void DAY;
  await h.cleanup();
}

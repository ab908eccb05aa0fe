import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createAppContext } from '../../../../main/compose/context.ts';
import { discover } from '../../../../main/core/discovery/discovery.ts';
import { watchPlan } from '../../../../main/core/keeper/watch-plan.ts';
import { FixtureHome } from '../../../helpers/fixture-home.ts';

const homes: FixtureHome[] = [];
after(async () => Promise.all(homes.map((h) => h.cleanup())));

it('watches the folders of the SQLite databases (shared and per agent)', async () => {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.config({ meta: { lastTouchedVersion: '2026.9.6' } });
  await h.write('.openclaw/state/openclaw.sqlite', '');
  await h.write('.openclaw/agents/work/agent/openclaw-agent.sqlite', '');
  const env = h.env({ PATH: '/nonexistent', CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw' });
  const ctx = await createAppContext(env);
  const plan = watchPlan(await discover(ctx.deps), ctx.loaded.settings);
  assert.ok(plan.includes(h.path('.openclaw/state')), plan.join('\n'));
  assert.ok(plan.includes(h.path('.openclaw/agents/work/agent')), plan.join('\n'));
});

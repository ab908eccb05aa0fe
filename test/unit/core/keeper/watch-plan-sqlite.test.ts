import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createAppContext } from '../../../../main/compose/context.ts';
import { discover } from '../../../../main/core/discovery/discovery.ts';
import { installationWatch } from '../../../../main/core/discovery/installation-watch.ts';
import { relevantChange, watchPlan } from '../../../../main/core/keeper/watch-plan.ts';
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
  const plan = watchPlan(await discover(ctx.deps), ctx.loaded.settings).dirs;
  assert.ok(plan.includes(h.path('.openclaw/state')), plan.join('\n'));
  assert.ok(plan.includes(h.path('.openclaw/agents/work/agent')), plan.join('\n'));
});

it('watches what says the installation changed, and a missing state folder through its parent for that name only', async () => {
  const h = await FixtureHome.create();
  homes.push(h);
  await h.profiles('main', { version: 1, profiles: {} });
  await h.write('.openclaw/state/openclaw.sqlite', '');
  const env = h.env({ PATH: '/nonexistent', CLAWKEEPER_OPENCLAW_BIN: '/nonexistent/openclaw' });
  const ctx = await createAppContext(env);
  const inv = await discover(ctx.deps);
  const follow = await installationWatch({ ...ctx.deps, settings: ctx.loaded.settings }, inv);
  const plan = watchPlan(inv, ctx.loaded.settings, follow);
  for (const d of ['.openclaw', '.openclaw/agents', '.openclaw/state', '.openclaw/agents/main/agent'])
    assert.ok(plan.dirs.includes(h.path(d)), `${d}: ${plan.dirs.join('\n')}`);
  // the home folder is watched for the state folders' names only (one appearing or disappearing)
  assert.deepEqual([...(plan.only.get(h.home) ?? [])].sort(), [
    h.path('.clawdbot'),
    h.path('.moltbot'),
    h.path('.openclaw'),
  ]);
  assert.equal(relevantChange(plan, h.path('.moltbot')), true);
  assert.equal(relevantChange(plan, h.path('.bash_history')), false);
  assert.equal(relevantChange(plan, h.path('.openclaw/agents/work')), true);
});

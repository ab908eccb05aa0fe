// What following the installation costs a keeper pass: looking for the openclaw command again
// (`revalidate`: PATH lookup, realpath, one stat of its package.json) and finding the folders to
// watch (`installationWatch`: a few stats and one listing of agents/ per state folder), on a home
// with 1 and with BENCH_AGENTS (default 1,000) agents. Prints figures; asserts nothing.
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { createAppContext } from '../../main/compose/context.ts';
import { discover } from '../../main/core/discovery/discovery.ts';
import { installationWatch } from '../../main/core/discovery/installation-watch.ts';
import { FixtureHome } from '../helpers/fixture-home.ts';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function home(agents: number): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  const pkg = h.path('npm/node_modules/openclaw');
  await mkdir(pkg, { recursive: true });
  await writeFile(`${pkg}/package.json`, JSON.stringify({ name: 'openclaw', version: '2026.6.1' }));
  await writeFile(`${pkg}/openclaw.mjs`, '#!/usr/bin/env node\n');
  await chmod(`${pkg}/openclaw.mjs`, 0o755);
  await mkdir(h.path('npm/bin'));
  await symlink(`${pkg}/openclaw.mjs`, h.path('npm/bin/openclaw'));
  await h.config({});
  for (let i = 0; i < agents; i++) await h.profiles(`a${i}`, { version: 1, profiles: {} });
  return h;
}

for (const n of [1, AGENTS]) {
  const h = await home(n);
  try {
    const ctx = await createAppContext(h.env({ PATH: `${h.path('npm/bin')}:${process.env.PATH ?? ''}` }));
    const inv = await discover(ctx.deps);
    const deps = { ...ctx.deps, settings: ctx.loaded.settings };
    await ctx.openclaw.revalidate?.();
    let t = performance.now();
    for (let i = 0; i < RUNS; i++) await ctx.openclaw.revalidate?.();
    const revalidate = (performance.now() - t) / RUNS;
    t = performance.now();
    let dirs = 0;
    for (let i = 0; i < RUNS; i++) dirs = (await installationWatch(deps, inv)).dirs.length;
    const watch = (performance.now() - t) / RUNS;
    console.log(
      `${String(n).padStart(5)} agents: revalidate ${revalidate.toFixed(3)} ms   installationWatch ${watch.toFixed(3)} ms (${dirs} folders)   per pass, mean of ${RUNS}`,
    );
  } finally {
    await h.cleanup();
  }
}

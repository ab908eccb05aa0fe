/**
 * Makes a saved case minimal: removes one part of the home at a time (an agent, a profile, a
 * variable, an order, a usage mark…) and keeps each removal after which the release and Clawkeeper
 * still disagree the same way, until no single removal keeps the kind. The case file is rewritten
 * with the smaller home, its command lines and both answers on it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Programs } from '../interop/programs.ts';
import { compile } from './compile.ts';
import { benchFor, judgeHome, type Judged } from './judge-home.ts';
import { commandLines } from './recipe.ts';
import { releaseCaps } from './releases.ts';
import { runnerFor } from './run-release.ts';
import type { HomeSpec } from './spec.ts';

interface Reduction {
  readonly what: string;
  readonly spec: HomeSpec;
}

const without = <T>(list: readonly T[], i: number) => list.filter((_, j) => j !== i);

/** Every home one part smaller than `s`, biggest parts first. */
export function reductions(s: HomeSpec): Reduction[] {
  const out: Reduction[] = [];
  const add = (what: string, spec: HomeSpec) => out.push({ what, spec });
  for (const a of s.agents.slice(1))
    add(`agent ${a.id}`, {
      ...s,
      agents: s.agents.filter((x) => x.id !== a.id),
      profiles: s.profiles.filter((p) => p.agent !== a.id),
      usage: s.usage.filter((u) => u.agent !== a.id),
      lastGood: s.lastGood?.agent === a.id ? null : s.lastGood,
      storeOrder: s.storeOrder?.agent === a.id ? null : s.storeOrder,
    });
  s.profiles.forEach((p, i) => {
    const order = s.configOrder?.filter((id) => id !== p.id) ?? null;
    add(`profile ${p.agent}/${p.id}`, {
      ...s,
      profiles: without(s.profiles, i),
      usage: s.usage.filter((u) => !(u.agent === p.agent && u.profileId === p.id)),
      lastGood: s.lastGood?.profileId === p.id && s.lastGood.agent === p.agent ? null : s.lastGood,
      modeMismatch: s.modeMismatch.filter((m) => m.profileId !== p.id),
      configOrder: order?.length ? order : null,
    });
  });
  if (s.configOrder) add('config order', { ...s, configOrder: null });
  if (s.storeOrder) add('agent order', { ...s, storeOrder: null });
  s.modeMismatch.forEach((m, i) =>
    add(`mode ${m.profileId}`, { ...s, modeMismatch: without(s.modeMismatch, i) }),
  );
  if (s.configOnly.length) add('config-only profile', { ...s, configOnly: [] });
  s.usage.forEach((u, i) => add(`${u.mark} ${u.profileId}`, { ...s, usage: without(s.usage, i) }));
  if (s.lastGood) add('lastGood', { ...s, lastGood: null });
  for (const k of Object.keys(s.env)) {
    const env = { ...s.env };
    delete env[k];
    add(`env ${k}`, { ...s, env });
  }
  if (s.dotenv) add('.env', { ...s, dotenv: null });
  if (s.claudeLogin) add('Claude login', { ...s, claudeLogin: null });
  if (s.clawdbotLeftover) add('~/.clawdbot', { ...s, clawdbotLeftover: null });
  if (s.oauthJson) add('oauth.json', { ...s, oauthJson: null });
  s.agents.forEach((a, i) => {
    if (a.model)
      add(`model of ${a.id}`, {
        ...s,
        agents: s.agents.map((x, j) => (j === i ? { ...x, model: null } : x)),
      });
  });
  if (s.defaultModel) add('default model', { ...s, defaultModel: null });
  if (s.stateDir !== 'explicit') add(`state folder ${s.stateDir}`, { ...s, stateDir: 'explicit' });
  return out;
}

interface CaseDoc {
  kind: string;
  release: string;
  spec: HomeSpec;
  [k: string]: unknown;
}

/** Shrinks one case file in place; returns what was removed. */
export async function shrinkCase(
  file: string,
  p: Programs,
  root: string,
  clawkeeper: string,
  maxTries = 60,
  log: (s: string) => void = () => undefined,
): Promise<string[]> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as CaseDoc;
  const caps = releaseCaps(doc.release);
  const bench = await benchFor(caps, p, root, clawkeeper);
  const runner = runnerFor(bench, 'inproc', 0);
  const removed: string[] = [];
  let best: Judged | null = null;
  let spec = doc.spec;
  let tries = 0;
  const shows = async (candidate: HomeSpec): Promise<Judged | null> => {
    tries++;
    const j = await judgeHome(candidate, bench, runner);
    await rm(j.home.dir, { recursive: true, force: true });
    return j.result.disagreements.some((d) => d.kind === doc.kind) ? j : null;
  };
  try {
    best = await shows(spec);
    if (!best) {
      log(`${doc.kind}: the saved home no longer shows it on ${doc.release}; left as it is\n`);
      return [];
    }
    let progress = true;
    while (progress && tries < maxTries) {
      progress = false;
      for (const r of reductions(spec)) {
        if (tries >= maxTries) break;
        const j = await shows(r.spec);
        if (!j) continue;
        spec = r.spec;
        best = j;
        removed.push(r.what);
        log(`  ${doc.kind}: without ${r.what} still\n`);
        progress = true;
        break;
      }
    }
  } finally {
    await runner.close();
  }
  const r = best.result;
  const program = caps.release.cli;
  await writeFile(
    file,
    JSON.stringify(
      {
        ...doc,
        summary: r.summary,
        commands: commandLines(compile(spec, caps), program),
        disagreement: r.disagreements.filter((d) => d.kind === doc.kind),
        releaseSays: r.views,
        clawkeeperSays: r.keeper,
        shrunk: { from: { seed: doc.spec.seed, home: doc.spec.home }, removed, tries },
        spec,
      },
      null,
      2,
    ) + '\n',
  );
  return removed;
}

/**
 * The oracle: the real release's `models status --json --check`, once per agent, on a built home,
 * with the home's own environment. Clawdbot has no `--agent` on `models status`, and its agent-dir
 * variable cannot stand in for one: it also moves what the release takes for the main agent's
 * store (`resolveAuthStorePath()` reads it), so the agent's answer lacks the main profiles its
 * gateway merges in, and names the default model, not the agent's. There only `main` is asked.
 */
import { join } from 'node:path';
import type { BuiltHome } from '../build.ts';
import { stateDirOf } from '../home-files.ts';
import type { ReleaseCaps } from '../releases.ts';
import { releaseAgentView, type ReleaseAgentView } from './release-view.ts';
import type { ReleaseRunner, RunResult } from './runner.ts';

export interface AgentAnswer {
  readonly view: ReleaseAgentView;
  /** the raw answer, kept for --verify-oracle and for the saved cases */
  readonly raw: RunResult;
}

/** The argv and env that ask the release about one agent. */
export function statusJob(caps: ReleaseCaps, home: BuiltHome, agent: string) {
  const env = { ...home.env };
  const argv = ['models', 'status', '--json', '--check'];
  if (caps.statusAgent === 'flag') argv.push('--agent', agent);
  else if (agent !== 'main')
    env[caps.agentDirEnv] = join(stateDirOf(home.dir, home.env, caps.release), 'agents', agent, 'agent');
  return { argv, env, cwd: home.cwd };
}

/** Asks the release about every agent of the home, one call each. */
export async function askRelease(
  caps: ReleaseCaps,
  home: BuiltHome,
  agents: readonly string[],
  runner: ReleaseRunner,
): Promise<AgentAnswer[]> {
  const reportsOrder = caps.release.version >= '2026.6';
  const out: AgentAnswer[] = [];
  for (const agent of caps.statusAgent === 'flag' ? agents : agents.filter((a) => a === 'main')) {
    const raw = await runner.run(statusJob(caps, home, agent));
    out.push({ view: releaseAgentView(agent, raw.code, raw.stdout, raw.stderr, reportsOrder), raw });
  }
  return out;
}

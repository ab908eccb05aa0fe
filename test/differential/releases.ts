/**
 * What the differential generator must know about each release's command line, read from each
 * release's `--help` and code (test/interop/FINDINGS.md, "SQLite stores and the release matrix"):
 * which commands can make a state non-interactively, and how they name an agent.
 */
import { RELEASES, type Release } from '../interop/programs.ts';

export interface ReleaseCaps {
  readonly release: Release;
  /** `stdin`: `models auth paste-token` reads a piped token; `prompt`: it always prompts (needs a TTY) */
  readonly pasteToken: 'stdin' | 'prompt';
  /** where the agent goes on auth writes: its own `--agent`, the parent `models --agent`, or nowhere */
  readonly authAgent: 'own' | 'parent' | 'none';
  /** `models auth paste-api-key` exists (reads the key on stdin) */
  readonly pasteApiKey: boolean;
  /** how `models status` is pointed at one agent: `--agent`, or the agent-dir variable */
  readonly statusAgent: 'flag' | 'env';
  /** the `config set` flag that parses the value as JSON */
  readonly configJsonFlag: '--json' | '--strict-json';
  /** the variable that points the release at one agent's directory */
  readonly agentDirEnv: string;
  /**
   * Variables the release reads once, when its modules load (Clawdbot: its state folder, config
   * path and config folder are module constants): an in-process host must start with them.
   */
  readonly pinsAtImport: readonly string[] | null;
}

const caps: Record<string, Omit<ReleaseCaps, 'release'>> = {
  '2026.1.24-3': {
    pasteToken: 'prompt',
    authAgent: 'none',
    pasteApiKey: false,
    statusAgent: 'env',
    configJsonFlag: '--json',
    agentDirEnv: 'CLAWDBOT_AGENT_DIR',
    pinsAtImport: ['HOME', 'CLAWDBOT_STATE_DIR', 'CLAWDBOT_CONFIG_PATH', 'CLAWDBOT_AGENT_DIR', 'TMPDIR'],
  },
  '2026.3.13': {
    pasteToken: 'prompt',
    authAgent: 'none',
    pasteApiKey: false,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
  '2026.6.1': {
    pasteToken: 'stdin',
    authAgent: 'parent',
    pasteApiKey: true,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
  '2026.6.5': {
    pasteToken: 'stdin',
    authAgent: 'parent',
    pasteApiKey: true,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
  '2026.7.35': {
    pasteToken: 'stdin',
    authAgent: 'parent',
    pasteApiKey: true,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
  '2026.8.2': {
    pasteToken: 'stdin',
    authAgent: 'own',
    pasteApiKey: true,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
  '2026.9.6': {
    pasteToken: 'stdin',
    authAgent: 'own',
    pasteApiKey: true,
    statusAgent: 'flag',
    configJsonFlag: '--strict-json',
    agentDirEnv: 'OPENCLAW_AGENT_DIR',
    pinsAtImport: null,
  },
};

/** Every release of the interop matrix with its capabilities, oldest first. */
export const RELEASE_CAPS: readonly ReleaseCaps[] = RELEASES.map((release) => {
  const c = caps[release.version];
  if (!c) throw new Error(`no differential capabilities for release ${release.version}`);
  return { release, ...c };
});

/** The capabilities of one release by version (an error naming the known ones otherwise). */
export function releaseCaps(version: string): ReleaseCaps {
  const r = RELEASE_CAPS.find((x) => x.release.version === version);
  if (!r)
    throw new Error(
      `unknown release ${version}: choose one of ${RELEASE_CAPS.map((x) => x.release.version).join(', ')}`,
    );
  return r;
}

/** true for releases that keep credentials in SQLite (a hand-written JSON store is a legacy file there). */
export const isSqlite = (r: Release): boolean => r.generation.startsWith('sqlite');

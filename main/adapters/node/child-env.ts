/**
 * The environment a program Clawkeeper starts receives: an allow-list, never the daemon's whole
 * environment (it may hold GITHUB_TOKEN-style secrets, database URLs with passwords, a pasted
 * CLAUDE_CODE_OAUTH_TOKEN). Every program gets what any program needs to start (PATH, HOME, the
 * user, locale and time zone, the temp dir; on Windows the variables Windows itself needs), then
 * only the variables it reads by name. docs/security.md lists them; one place builds them all.
 */
import type { ChildProgram } from '../../ports/process-runner.ts';

export type { ChildProgram };

const BASE = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'NO_COLOR',
  // Windows: what a process needs to start and find its profile
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'USERNAME',
];
const BASE_PREFIXES = ['LC_'];

const XDG = ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR'];
const OPENCLAW_PREFIXES = ['OPENCLAW_', 'CLAWDBOT_', 'MOLTBOT_'];
/** to reach the network through the user's proxy and trust their CA (a proxy URL may hold a password: only programs that go online get it) */
const NETWORK = [
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

const BY_PROGRAM: Record<ChildProgram, { names: readonly string[]; prefixes: readonly string[] }> = {
  openclaw: { names: [...XDG, 'FORCE_COLOR'], prefixes: OPENCLAW_PREFIXES },
  claude: { names: ['CLAUDE_CONFIG_DIR', ...XDG, ...NETWORK], prefixes: [] },
  alert: { names: [], prefixes: ['CLAWKEEPER_ALERT_'] },
  reload: {
    names: [
      ...XDG,
      'DOCKER_HOST',
      'DOCKER_CONTEXT',
      'DOCKER_CONFIG',
      'DOCKER_CERT_PATH',
      'DOCKER_TLS_VERIFY',
    ],
    prefixes: [...OPENCLAW_PREFIXES, 'COMPOSE_'],
  },
  ssh: { names: ['SSH_AUTH_SOCK', 'KRB5CCNAME', 'XDG_RUNTIME_DIR'], prefixes: [] },
  // the engine's own connection settings (which daemon, context, cluster) and the network
  container: {
    names: [
      ...XDG,
      'DOCKER_HOST',
      'DOCKER_CONTEXT',
      'DOCKER_CONFIG',
      'DOCKER_CERT_PATH',
      'DOCKER_TLS_VERIFY',
      'CONTAINER_HOST',
      'CONTAINER_CONNECTION',
      'CONTAINERS_CONF',
      'KUBECONFIG',
      ...NETWORK,
    ],
    prefixes: ['COMPOSE_'],
  },
  system: { names: ['XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS'], prefixes: [] },
};

/** Whether a variable of this name reaches `program` (names compared upper-case: Windows ignores case). */
export function allowedFor(program: ChildProgram, name: string): boolean {
  const n = name.toUpperCase();
  const p = BY_PROGRAM[program];
  return (
    BASE.includes(n) ||
    p.names.includes(n) ||
    [...BASE_PREFIXES, ...p.prefixes].some((prefix) => n.startsWith(prefix))
  );
}

/**
 * The child's environment: the allowed variables of `source` (the daemon's environment, plus
 * what the caller set for this run, such as OPENCLAW_STATE_DIR), nothing else.
 */
export function childEnv(
  source: Readonly<Record<string, string | undefined>>,
  program: ChildProgram,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && allowedFor(program, k)) out[k] = v;
  return out;
}

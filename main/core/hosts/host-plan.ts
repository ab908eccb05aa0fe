/**
 * What Clawkeeper runs on a remote host, built from fixed words and validated ids only. Every
 * remote command is `sh -c '<fixed script>' clawkeeper <word>…`: the script is a constant of this
 * file (no single quotes, one line, so any login shell passes it to sh unchanged) and every word
 * after it matches SAFE_WORD, so the remote shell never interprets user data. Secrets never appear
 * here: a token travels on stdin.
 */
import { AppError } from '../kernel/errors.ts';
import type { Host } from './host-settings.ts';

/** Characters a POSIX shell reads literally: words made of these need no quoting. */
export const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]{1,200}$/;
/** OpenClaw agent ids and profile ids as the remote CLI accepts them. */
const AGENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const PROFILE_ID = /^[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.@-]{1,64}$/;
const EXPIRES_IN = /^(\d{1,4}[dh]|never)$/;

export function checkAgentId(id: string): string {
  if (!AGENT_ID.test(id))
    throw new AppError(
      'invalid-argument',
      `agent id "${id.slice(0, 40)}" may hold only letters, digits, _ . -`,
    );
  return id;
}
export function checkProfileId(id: string): string {
  if (!PROFILE_ID.test(id))
    throw new AppError(
      'invalid-argument',
      `profile id "${id.slice(0, 60)}" must look like provider:name (letters, digits, _ . @ -), e.g. anthropic:manual`,
    );
  return id;
}

const line = (parts: readonly string[]) => parts.join(' ');

/** Finds clawkeeper/openclaw, then asks the one that exists; output framed by `@@clawkeeper` lines. */
export const STATUS_SCRIPT = line([
  'ck=$1; oc=$2;',
  '[ "$ck" = - ] && ck=clawkeeper;',
  '[ "$oc" = - ] && oc=openclaw;',
  'say() { printf "@@clawkeeper %s\\n" "$*"; };',
  'say node "$(node --version 2>/dev/null)";',
  'if command -v "$ck" >/dev/null 2>&1; then',
  'say via clawkeeper;',
  '"$ck" status --json 2>/dev/null;',
  'say exit $?;',
  'elif command -v "$oc" >/dev/null 2>&1; then',
  'say via openclaw;',
  'say version "$("$oc" --version 2>/dev/null | head -n 1)";',
  'd=${OPENCLAW_STATE_DIR:-$HOME/.openclaw}; n=0;',
  'for p in "$d"/agents/*/; do',
  '[ -d "$p" ] || continue;',
  'a=${p%/}; a=${a##*/}; n=1;',
  'say agent "$a";',
  '"$oc" models status --json --agent "$a" 2>&1;',
  'say exit $?;',
  'done;',
  'if [ $n = 0 ]; then say agent main; "$oc" models status --json 2>&1; say exit $?; fi;',
  'else say via none;',
  'fi',
]);

/** Runs the named tool with the given words: `<bin|-> <tool> word…`; says clearly when it is missing. */
export const RUN_SCRIPT = line([
  'b=$1; t=$2; shift 2;',
  '[ "$b" = - ] && b=$t;',
  'if ! command -v "$b" >/dev/null 2>&1; then',
  'printf "@@clawkeeper missing %s\\n" "$t" >&2; exit 127;',
  'fi;',
  'exec "$b" "$@"',
]);

/** Reloads the gateway: `secrets reload` where the CLI has it, else `gateway restart`. */
export const RELOAD_SCRIPT = line([
  'b=$1; [ "$b" = - ] && b=openclaw;',
  'if ! command -v "$b" >/dev/null 2>&1; then',
  'printf "@@clawkeeper missing openclaw\\n" >&2; exit 127;',
  'fi;',
  'if "$b" secrets --help >/dev/null 2>&1; then',
  'printf "@@clawkeeper reload secrets-reload\\n"; exec "$b" secrets reload;',
  'else printf "@@clawkeeper reload gateway-restart\\n"; exec "$b" gateway restart;',
  'fi',
]);

/** Node and clawkeeper on the remote, for `service install`. */
export const PROBE_SCRIPT = line([
  'ck=$1; [ "$ck" = - ] && ck=clawkeeper;',
  'printf "@@clawkeeper node %s\\n" "$(node --version 2>/dev/null)";',
  'printf "@@clawkeeper clawkeeper %s\\n" "$(command -v "$ck" 2>/dev/null)"',
]);

export type RemoteTool = 'clawkeeper' | 'openclaw';

/** One remote call: what it does, the exact command line, and whether a secret goes on stdin. */
export interface RemotePlan {
  readonly host: string;
  /** plain words for people: `clawkeeper paste-token --json` */
  readonly shown: string;
  /** the remote command line handed to ssh's remote shell (the script plus validated words) */
  readonly line: string;
  /** the same as words, for a transport that executes them directly (`docker exec`) */
  readonly argv: readonly string[];
  readonly stdin: 'token' | 'none';
}

function remoteCommand(script: string, words: readonly string[]): { line: string; argv: string[] } {
  if (script.includes("'")) throw new AppError('internal', 'remote script holds a quote');
  for (const w of words)
    if (!SAFE_WORD.test(w))
      throw new AppError('invalid-argument', `"${w.slice(0, 40)}" cannot go to a remote host`);
  return {
    line: [`sh -c '${script}' clawkeeper`, ...words].join(' '),
    argv: ['sh', '-c', script, 'clawkeeper', ...words],
  };
}

const binOf = (host: Host, tool: RemoteTool) =>
  (tool === 'clawkeeper' ? host.clawkeeperBin : host.openclawBin) ?? '-';

export function statusPlan(host: Host): RemotePlan {
  return {
    host: host.name,
    shown: 'clawkeeper status --json (or, without clawkeeper there, openclaw models status --json per agent)',
    ...remoteCommand(STATUS_SCRIPT, [binOf(host, 'clawkeeper'), binOf(host, 'openclaw')]),
    stdin: 'none',
  };
}

/** `<tool> word…` on the remote; every word fixed here or validated by the caller. */
export function toolPlan(
  host: Host,
  tool: RemoteTool,
  words: readonly string[],
  stdin: 'token' | 'none',
): RemotePlan {
  return {
    host: host.name,
    shown: [tool, ...words].join(' ') + (stdin === 'token' ? '   (token on stdin)' : ''),
    ...remoteCommand(RUN_SCRIPT, [binOf(host, tool), tool, ...words]),
    stdin,
  };
}

export interface RemotePasteOptions {
  readonly agents: readonly string[];
  readonly profileId: string | null;
  readonly expiresIn: string;
}

/** paste-token on the remote: its own clawkeeper, or `openclaw models auth paste-token`. */
export function pastePlan(host: Host, via: RemoteTool, o: RemotePasteOptions): RemotePlan {
  if (!EXPIRES_IN.test(o.expiresIn))
    throw new AppError(
      'invalid-argument',
      '--expires-in takes a number of days or hours (365d, 12h) or never',
    );
  const agents = o.agents.map(checkAgentId);
  const profileId = o.profileId === null ? null : checkProfileId(o.profileId);
  if (via === 'clawkeeper') {
    const words = ['paste-token', '--json', '--expires-in', o.expiresIn];
    for (const a of agents) words.push('--agent', a);
    if (profileId) words.push('--profile-id', profileId);
    return toolPlan(host, 'clawkeeper', words, 'token');
  }
  if (agents.length > 1)
    throw new AppError(
      'invalid-argument',
      'without clawkeeper on the host, paste one agent at a time (openclaw takes one --agent)',
    );
  const words = ['models', 'auth', 'paste-token', '--provider', 'anthropic'];
  words.push('--profile-id', profileId ?? 'anthropic:manual');
  if (o.expiresIn !== 'never') words.push('--expires-in', o.expiresIn);
  if (agents[0]) words.push('--agent', agents[0]);
  return toolPlan(host, 'openclaw', words, 'token');
}

export function reloadPlan(host: Host): RemotePlan {
  return {
    host: host.name,
    shown: 'openclaw secrets reload (or openclaw gateway restart where secrets reload does not exist)',
    ...remoteCommand(RELOAD_SCRIPT, [binOf(host, 'openclaw')]),
    stdin: 'none',
  };
}

export function doctorPlan(host: Host, via: RemoteTool, fix: boolean): RemotePlan {
  if (via === 'clawkeeper')
    return toolPlan(host, 'clawkeeper', fix ? ['doctor', '--fix'] : ['doctor', '--dry-run'], 'none');
  return toolPlan(
    host,
    'openclaw',
    fix ? ['doctor', '--fix', '--non-interactive'] : ['doctor', '--non-interactive'],
    'none',
  );
}

export function probePlan(host: Host): RemotePlan {
  return {
    host: host.name,
    shown: 'node --version; command -v clawkeeper',
    ...remoteCommand(PROBE_SCRIPT, [binOf(host, 'clawkeeper')]),
    stdin: 'none',
  };
}

export function serviceInstallPlan(host: Host): RemotePlan {
  return toolPlan(host, 'clawkeeper', ['service', 'install'], 'none');
}

/** Reads the `@@clawkeeper key value` lines of a remote script's output. */
export function frames(stdout: string): { key: string; value: string; index: number }[] {
  const out: { key: string; value: string; index: number }[] = [];
  const re = /^@@clawkeeper (\S+) ?(.*)$/gm;
  for (let m = re.exec(stdout); m; m = re.exec(stdout))
    out.push({ key: m[1] ?? '', value: (m[2] ?? '').trim(), index: m.index });
  return out;
}

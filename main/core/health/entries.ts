import { loginOf } from '../formats/claude-credentials.ts';
import { normalizeProfile, type StoredProfile } from '../formats/auth-profiles.ts';
import type { AgentStore, ClaudeStore, Inventory, OpenClawInstall } from '../discovery/inventory.ts';
import type { CredentialKind, CredentialSource, HealthState, Route } from './report.ts';
import { secretOrNull, type Secret } from '../kernel/secret.ts';
import { classifyToken, TOKEN_CLASS_WORDS } from '../formats/token.ts';
import { isClaudeCliProfile, isClaudeProfile } from '../formats/claude-profile.ts';

/** Something wrong with one entry. `check` names the doctor finding it becomes, if any. */
export interface Problem {
  readonly state: HealthState;
  readonly reason: string;
  readonly hint: string | null;
  readonly check?: string;
  readonly impact?: string;
  readonly files?: readonly string[];
}

/** A credential being judged: secrets inside, never leaves the core as is. */
export interface Entry {
  readonly id: string;
  readonly location: string;
  readonly source: CredentialSource;
  readonly install: OpenClawInstall | null;
  readonly agent: AgentStore | null;
  readonly profileId: string | null;
  readonly provider: string | null;
  readonly kind: CredentialKind | null;
  readonly route: Route | null;
  readonly value: Secret | null;
  readonly refresh: Secret | null;
  readonly expiresAt: number | null;
  /** a Claude Code store (file or Keychain), and whether it is the live one */
  readonly claude: ClaudeStore | null;
  readonly stored: StoredProfile | null;
  /** OpenClaw's own verdict when read through its CLI */
  readonly cliStatus: string | null;
  /** an OAuth profile OpenClaw reports and renews itself (SQLite stores hide the refresh token from us) */
  readonly selfRenewing: boolean;
  readonly problems: Problem[];
}

const RELOGIN = 'Run `claude` and type /login (or `claude auth login`) on this machine';
const NEW_SETUP_TOKEN = 'Run `claude setup-token`, then `clawkeeper paste-token`';

function base(partial: Partial<Entry> & Pick<Entry, 'id' | 'location' | 'source'>): Entry {
  return {
    install: null,
    agent: null,
    profileId: null,
    provider: null,
    kind: null,
    route: null,
    value: null,
    refresh: null,
    expiresAt: null,
    claude: null,
    stored: null,
    cliStatus: null,
    selfRenewing: false,
    problems: [],
    ...partial,
  };
}

function unreadable(
  id: string,
  location: string,
  source: CredentialSource,
  error: string,
  hint: string,
): Entry {
  return base({
    id,
    location,
    source,
    problems: [
      {
        state: 'unreadable',
        reason: `cannot read ${location}: ${error}`,
        hint,
        check: 'unreadable-file',
        impact: 'Nothing in this file can be used or kept fresh until it parses.',
        files: [location],
      },
    ],
  });
}

export function claudeEntries(inv: Inventory): Entry[] {
  return inv.claude.map((store) => {
    const id = store.primary
      ? 'claude-code'
      : `claude-code@${store.source === 'file' ? 'file' : store.location}`;
    if (store.read.status !== 'ok') {
      const error = store.read.status === 'unreadable' ? store.read.error : 'missing';
      return unreadable(
        id,
        store.location,
        store.source,
        error,
        `Fix or remove it, then ${RELOGIN.toLowerCase()}; Clawkeeper never rewrites a file it cannot parse`,
      );
    }
    const login = loginOf(store.read.value);
    const e = base({
      id,
      location: store.location,
      source: store.source,
      kind: 'oauth',
      route: 'oauth',
      claude: store,
      provider: 'anthropic',
    });
    if (!login) {
      e.problems.push({
        state: 'needs-reauth',
        reason: 'Claude Code holds no subscription login here',
        hint: RELOGIN,
        check: 'claude-login-missing',
      });
      return e;
    }
    const entry: Entry = {
      ...e,
      value: login.access,
      refresh: login.refresh,
      expiresAt: login.expiresAt > 0 ? login.expiresAt : null,
    };
    if (login.blanked) {
      entry.problems.push({
        state: 'needs-reauth',
        reason: 'Claude Code blanked its login after a rejected refresh',
        hint: RELOGIN,
        check: 'claude-login-blanked',
        impact: 'Every copy of this login stops working when its access token expires.',
        files: [store.location],
      });
    } else if (!login.access) {
      entry.problems.push({
        state: 'needs-reauth',
        reason: 'the login has no access token',
        hint: RELOGIN,
        check: 'claude-login-missing',
      });
    }
    shapeProblems(entry, login.access, 'oauth-access');
    if (login.refresh) shapeProblems(entry, login.refresh, 'oauth-refresh');
    return entry;
  });
}

export function envEntries(inv: Inventory): Entry[] {
  return inv.env.map(({ name, value }) => {
    const kindOfSlot: CredentialKind = name === 'ANTHROPIC_API_KEY' ? 'api_key' : 'token';
    const e = base({
      id: `env:${name}`,
      location: `env:${name}`,
      source: 'env',
      kind: kindOfSlot,
      route: kindOfSlot,
      value,
      provider: 'anthropic',
    });
    shapeProblems(e, value, kindOfSlot === 'api_key' ? 'api-key' : 'oauth-access');
    return e;
  });
}

function isClaudeStored(p: StoredProfile): boolean {
  return isClaudeProfile({ id: p.id, provider: p.provider, masked: p.value?.masked ?? null });
}

function routeOf(p: { id: string; provider: string | null; type: string | null }): Route | null {
  if (isClaudeCliProfile(p)) return 'claude-cli';
  return p.type === 'oauth' || p.type === 'token' || p.type === 'api_key' ? p.type : null;
}

/** Entries for one agent's JSON store (any generation: in SQLite ones the file is retired). */
export function profileEntries(install: OpenClawInstall, agent: AgentStore): Entry[] {
  const read = agent.profiles;
  if (read.status === 'missing') return [];
  const fileId = `${install.label}:${agent.agentId}/auth-profiles.json`;
  if (read.status === 'unreadable')
    return [
      unreadable(
        fileId,
        read.path,
        'file',
        read.error,
        'Fix the JSON by hand or restore a backup; Clawkeeper leaves it byte-for-byte untouched',
      ),
    ];
  const retired = install.generation.startsWith('sqlite');
  const out: Entry[] = [];
  for (const [pid, raw] of Object.entries(read.value.profiles)) {
    const p = normalizeProfile(pid, raw);
    if (!isClaudeStored(p)) continue;
    const e = base({
      id: `${install.label}:${agent.agentId}/${pid}${retired ? '@json' : ''}`,
      location: read.path,
      source: 'file',
      install,
      agent,
      profileId: pid,
      provider: p.provider,
      kind: p.type,
      route: routeOf(p),
      value: p.value,
      refresh: p.type === 'oauth' ? p.refresh : null,
      expiresAt: p.expires,
      stored: p,
    });
    storedProblems(e, p);
    out.push(e);
  }
  return out;
}

export function legacyOauthEntries(install: OpenClawInstall): Entry[] {
  const read = install.legacyOauth;
  if (read.status === 'missing') return [];
  const id = `${install.label}:credentials/oauth.json`;
  if (read.status === 'unreadable')
    return [unreadable(id, read.path, 'file', read.error, 'Fix the JSON by hand or delete this legacy file')];
  const v = read.value.anthropic;
  if (!v) return [];
  const value = secretOrNull(v.access);
  const refresh = secretOrNull(v.refresh);
  const e = base({
    id,
    location: read.path,
    source: 'file',
    install,
    kind: 'oauth',
    route: 'oauth',
    provider: 'anthropic',
    value,
    refresh,
    expiresAt: typeof v.expires === 'number' && v.expires > 0 ? v.expires : null,
  });
  if (!value && !refresh)
    e.problems.push({
      state: 'needs-reauth',
      reason: 'legacy oauth.json holds no token',
      hint: 'Remove the empty entry or run `clawkeeper sync`',
    });
  if (value) shapeProblems(e, value, 'oauth-access');
  return [e];
}

/** Entries from `openclaw models status --json` (SQLite generations). No secrets are read. */
export function cliEntries(install: OpenClawInstall, agent: AgentStore, openclawBin: string | null): Entry[] {
  const cli = agent.cli;
  if (!cli) return [];
  const location = `openclaw-cli:${install.stateDir}#${agent.agentId}`;
  if (!cli.ok) {
    const id = `${install.label}:${agent.agentId}`;
    if (cli.code === 'migration-required') {
      return [
        base({
          id,
          location,
          source: 'openclaw-cli',
          install,
          agent,
          problems: [
            {
              state: 'misconfigured',
              reason:
                'OpenClaw refuses this agent: AUTH_PROFILE_MIGRATION_REQUIRED (legacy JSON credentials beside the SQLite store)',
              hint: 'Stop the gateway, then run `openclaw doctor --fix`',
              check: 'sqlite-migration-required',
              impact: 'Every model call of this agent fails until the store is migrated.',
              files: [agent.dir],
            },
          ],
        }),
      ];
    }
    const hint =
      cli.code === 'cli-missing'
        ? 'Install the openclaw CLI or set CLAWKEEPER_OPENCLAW_BIN (or openclaw.bin in settings) so Clawkeeper can read its SQLite store'
        : `Run \`${openclawBin ?? 'openclaw'} models status\` to see why it fails`;
    return [
      base({
        id,
        location,
        source: 'openclaw-cli',
        install,
        agent,
        problems: [
          {
            state: 'unreadable',
            reason: `OpenClaw ${install.generation === 'sqlite-shared' ? '2026.8+' : '2026.6.5+'} keeps credentials in SQLite and ${cli.error}`,
            hint,
          },
        ],
      }),
    ];
  }
  return cli.profiles
    .filter((p) => p.provider === null || isClaudeProfile({ id: p.profileId, provider: p.provider }))
    .map((p) => {
      const kind = p.type === 'oauth' || p.type === 'token' || p.type === 'api_key' ? p.type : null;
      const e = base({
        id: `${install.label}:${agent.agentId}/${p.profileId}`,
        location,
        source: 'openclaw-cli',
        install,
        agent,
        profileId: p.profileId,
        provider: p.provider,
        kind,
        route: routeOf({ id: p.profileId, provider: p.provider, type: kind }),
        expiresAt: p.expiresAt,
        cliStatus: p.status,
      });
      if (p.status === 'missing')
        e.problems.push({
          state: 'needs-reauth',
          reason: 'OpenClaw reports this profile has no credential',
          hint: NEW_SETUP_TOKEN,
        });
      return e;
    });
}

/** Slot checks: the value must be what its slot expects, and intact. */
function storedProblems(e: Entry, p: StoredProfile): void {
  const files = [e.location];
  if (p.type === null) {
    e.problems.push({
      state: 'misconfigured',
      reason: p.declaredType
        ? `unknown profile type "${p.declaredType}"`
        : 'profile has neither type nor mode',
      hint: 'Set "type" to "oauth", "token" or "api_key", or run `clawkeeper doctor --fix`',
      check: 'unknown-type',
      files,
    });
    return;
  }
  if (!p.value && !(p.type === 'oauth' && p.refresh)) {
    e.problems.push({
      state: 'needs-reauth',
      reason: 'no credential is stored in this profile',
      hint: NEW_SETUP_TOKEN,
      check: 'empty-profile',
      files,
    });
    return;
  }
  if (p.value) shapeProblems(e, p.value, p.type === 'api_key' ? 'api-key' : 'oauth-access');
  if (p.type === 'oauth' && p.refresh) shapeProblems(e, p.refresh, 'oauth-refresh');
}

type Expected = 'oauth-access' | 'oauth-refresh' | 'api-key';

/** Detects damaged values and values in the wrong slot (domain.md §6 items 3 and 4). */
function shapeProblems(e: Entry, secret: Secret | null, expected: Expected): void {
  if (!secret) return;
  const a = classifyToken(secret.reveal());
  const files = e.source === 'file' ? [e.location] : [];
  const hint =
    e.source === 'env'
      ? `Fix the value of ${e.location.slice(4)} in your environment`
      : 'Re-paste the token with `clawkeeper paste-token` or run `clawkeeper doctor --fix`';
  const damaged: Partial<Record<typeof a.class, string>> = {
    'whitespace-damaged': 'a space or line break inside the token: every request fails with 401',
    'code-state': 'the stored value is a pasted `code#state` authorization code, not a token',
    'stray-characters':
      'the token contains characters no Anthropic token has (pasted with quotes or markup?)',
    'too-short': 'the token is truncated',
    empty: 'the stored value is empty',
  };
  const d = damaged[a.class];
  if (d) {
    e.problems.push({
      state: 'misconfigured',
      reason: d,
      hint,
      check: a.class === 'whitespace-damaged' ? 'token-whitespace' : 'token-damaged',
      impact: 'Requests with this credential are rejected (401).',
      files,
    });
    return;
  }
  if (
    a.kind === 'unknown' ||
    (a.kind === 'oauth-access' && expected === 'oauth-access') ||
    (a.kind === 'oauth-refresh' && expected === 'oauth-refresh') ||
    (a.kind === 'api-key' && expected === 'api-key')
  )
    return;
  const where =
    expected === 'api-key'
      ? 'an api_key slot'
      : expected === 'oauth-refresh'
        ? 'the refresh-token slot'
        : 'a token slot';
  let impact = 'Requests with this credential are rejected (401).';
  if (a.kind === 'oauth-access' && expected === 'api-key')
    impact = 'OpenClaw sends it as x-api-key and Anthropic answers 401 "invalid x-api-key".';
  if (a.kind === 'api-key' && expected === 'oauth-access')
    impact = 'An API key sent as a Bearer token is rejected with 401 "Invalid bearer token".';
  e.problems.push({
    state: 'misconfigured',
    reason: `${TOKEN_CLASS_WORDS[a.class]} is stored in ${where}`,
    hint:
      a.kind === 'api-key' && expected !== 'api-key'
        ? 'Store it as an API key (`clawkeeper doctor --fix` changes the type to api_key)'
        : hint,
    check:
      a.kind === 'oauth-access' && expected === 'api-key'
        ? 'oauth-token-as-api-key'
        : a.kind === 'api-key'
          ? 'api-key-as-token'
          : 'wrong-token-kind',
    impact,
    files,
  });
}
